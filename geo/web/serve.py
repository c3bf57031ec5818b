"""Start the dashboard: `python -m geo.web.serve [APP] [streamlit run options]` is `streamlit run` plus one fix.

Streamlit 1.67's server creates its listening socket without naming the TCP protocol, and asyncio sets
TCP_NODELAY only on sockets that name it; so Nagle's algorithm stays on for every accepted connection.
A response written in two parts (headers, then body) then waits for the browser's delayed
acknowledgement, on every file and websocket message the dashboard loads before the map is drawn
(measured: README, "The dashboard").

This wraps Streamlit's socket binding to set TCP_NODELAY on the listening socket; Linux copies it to
every accepted connection.  If a later Streamlit renames the function, the server starts unchanged
(with a warning): the fix is an optimisation, never a requirement.
"""

from __future__ import annotations

import socket
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

DEFAULT_APP = "streamlit_app.py"


def _with_nodelay(bind: Callable[..., socket.socket]) -> Callable[..., socket.socket]:
    def bind_without_nagle(*args: Any, **kwargs: Any) -> socket.socket:
        listening = bind(*args, **kwargs)
        if listening.family in (socket.AF_INET, socket.AF_INET6):
            listening.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return listening

    return bind_without_nagle


def disable_nagle() -> bool:
    """Make Streamlit's server bind sockets with TCP_NODELAY.  False (and a warning) if it cannot."""
    try:
        from streamlit.web.server.starlette import starlette_server
        bind = starlette_server._bind_socket
    except (ImportError, AttributeError):
        warnings.warn("geo.web.serve: Streamlit's socket binding has moved; serving without TCP_NODELAY "
                      "(responses may be slower)", RuntimeWarning, stacklevel=2)
        return False
    if not getattr(bind, "_sets_nodelay", False):
        patched = _with_nodelay(bind)
        patched._sets_nodelay = True  # type: ignore[attr-defined]
        starlette_server._bind_socket = patched
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """`streamlit run` with TCP_NODELAY; the app defaults to streamlit_app.py."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0].startswith("-"):
        args.insert(0, DEFAULT_APP)
    disable_nagle()
    from streamlit.web import cli

    try:
        cli.main(["run", *args], prog_name="streamlit", standalone_mode=True)
    except SystemExit as done:
        return int(done.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
