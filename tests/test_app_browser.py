"""The dashboard in a real browser: `streamlit run` + Debian's Chromium, every non-local request aborted."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import NetworkLog

MAP_STATE_JS = """() => {
  const maps = [...new Set(Object.values(window).filter(v => window.L && v instanceof L.Map))];
  const layers = {paths: 0, liptako: 0, tripoint: 0, labels: []};
  maps.forEach(m => m.eachLayer(l => {
    if (l.getLatLngs) { layers.paths++; if (l.options.color === '#b2182b') layers.liptako++; }
    if (l.getRadius && l.getTooltip && l.getTooltip() && /tripoint/.test(l.getTooltip().getContent())) layers.tripoint++;
    if (l.getIcon && l.getIcon().options.html) layers.labels.push(l.getIcon().options.html.replace(/<[^>]+>/g, ''));
  }));
  return {leaflet: typeof L === 'object', maps: maps.length, ...layers};
}"""


def test_map_draws_offline_with_borders_polygon_and_tripoint(streamlit_url: str, offline_page: tuple[object, NetworkLog],
                                                            tmp_path: Path) -> None:
    page, network = offline_page
    page.goto(streamlit_url)  # type: ignore[attr-defined]
    iframe = page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=60_000)  # type: ignore[attr-defined]
    frame = iframe.content_frame()
    frame.wait_for_selector(".leaflet-container path, .leaflet-container canvas", timeout=60_000)
    frame.wait_for_function("() => window.L && Object.values(window).some(v => v instanceof L.Map)", timeout=30_000)
    state = frame.evaluate(MAP_STATE_JS)

    assert state["leaflet"], "Leaflet did not load from the local static files"
    assert state["paths"] >= 24 + 1  # every country plus the Liptako-Gourma polygon
    assert state["liptako"] == 1
    assert state["tripoint"] == 1
    assert {"Mali", "Burkina Faso", "Niger"} <= set(state["labels"])
    assert network.blocked == [], f"the page tried to reach the network: {network.blocked}"
    page.screenshot(path=str(tmp_path / "dashboard.png"))  # type: ignore[attr-defined]
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000
