"""The product's own message when a panel of the dashboard fails, instead of Streamlit's traceback page.

A briefing room has no use for file paths and "Ask Google" links (``client.showErrorDetails = "none"`` hides
them for anything that escapes): a failing panel says in plain words what could not be done, the rest of the
page keeps working, and the full traceback goes to the server's log for whoever maintains it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st

from geo.web.markdown import literal

__all__ = ["guarded"]

LOG = logging.getLogger("sahel_briefing_map")
P = ParamSpec("P")


def guarded(what: str) -> Callable[[Callable[P, None]], Callable[P, None]]:
    """Decorate a panel: if it raises, show "Could not <what> …" where it was and log the traceback.

    Streamlit's reruns and stops are BaseExceptions, not Exceptions: they pass through untouched.
    """
    def decorate(panel: Callable[P, None]) -> Callable[P, None]:
        @functools.wraps(panel)
        def run(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                panel(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the boundary: everything a panel can raise stops here
                LOG.exception("could not %s", what)
                detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
                st.error(literal(f"Could not {what}: {detail}. The rest of the page still works; change the "
                                 "choice that led here, or reload the page."))
        return run
    return decorate
