"""geo.web.errors: a failing panel shows the product's message, never Streamlit's traceback page."""

from __future__ import annotations

import tomllib

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT


def _page_with_a_failing_panel() -> None:
    import streamlit as st

    from geo.web.errors import guarded

    @guarded("draw the map")
    def broken() -> None:
        raise KeyError("lat")

    @guarded("show the tables")
    def rerunning() -> None:
        if not st.session_state.get("again"):
            st.session_state["again"] = True
            st.rerun()  # a rerun is Streamlit's control flow, not an error: it must pass the guard
        st.write("rerun done")

    broken()
    rerunning()
    st.write("after the panel")


def test_a_failing_panel_shows_a_message_and_the_page_goes_on() -> None:
    app = AppTest.from_function(_page_with_a_failing_panel, default_timeout=60).run()
    assert not app.exception
    assert [e.value.replace("\\", "") for e in app.error] == [
        "Could not draw the map: 'lat'. The rest of the page still works; change the choice that led here, "
        "or reload the page."]
    assert [m.value for m in app.markdown] == ["rerun done", "after the panel"]


def test_uncaught_errors_show_no_details() -> None:
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
