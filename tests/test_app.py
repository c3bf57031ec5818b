"""The dashboard's widget logic, through Streamlit's AppTest (a real script run, no browser)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT


@pytest.fixture()
def app() -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "streamlit_app.py"), default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def folium_component_args(app: AppTest) -> dict[str, object]:
    """The arguments st_folium handed to its frontend component."""
    components = [node for node in app.get("component_instance")]
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def test_default_view_draws_the_tri_border_polygon_with_local_assets(app: AppTest) -> None:
    assert app.selectbox[0].value == "tri_border"
    args = folium_component_args(app)
    script = str(args["script"])
    assert "Liptako-Gourma tri-border area (conflict core)" in script
    assert "#b2182b" in script  # the polygon's stroke colour
    assert "Natural Earth" in script and "GeoNames" in script  # attribution
    links = list(args["js_links"]) + list(args["css_links"])  # type: ignore[arg-type]
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links
    assert (REPO_ROOT / "static" / "vendor").is_dir()


def test_switching_definition_redraws_the_chosen_polygon(app: AppTest) -> None:
    app.selectbox[0].set_value("alg_2018").run()
    assert not app.exception
    script = str(folium_component_args(app)["script"])
    assert "three whole states" in script
    assert "conflict core" not in script
    assert "2,781,200" in script  # the Authority's official area, in the popup


def test_regions_toggle_removes_the_regions_layer(app: AppTest) -> None:
    assert "Regions (Mali, Burkina Faso, Niger)" in str(folium_component_args(app)["script"])
    app.checkbox[0].uncheck().run()
    assert "Regions (Mali, Burkina Faso, Niger)" not in str(folium_component_args(app)["script"])
