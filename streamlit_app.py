"""Sahel Briefing Map: the dashboard.  Widgets and layout only; every decision is a call into geo/."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from geo import boundaries
from geo.assets import use_local_assets, write_static_assets
from geo.mapview import MapOptions, build_map

STATIC_VENDOR_DIR = Path(__file__).parent / "static" / "vendor"
STATIC_VENDOR_URL = "/app/static/vendor"  # where Streamlit serves ./static (server.enableStaticServing)

st.set_page_config(page_title="Sahel Briefing Map", page_icon="🗺️", layout="wide")


@st.cache_resource
def prepare_offline_assets() -> int:
    return write_static_assets(STATIC_VENDOR_DIR)


@st.cache_data
def liptako_definitions() -> dict[str, str]:
    features = boundaries.load_liptako_gourma()
    polygons = features[features["id"] != "tripoint"]
    return dict(zip(polygons["id"], polygons["name"]))


prepare_offline_assets()
definitions = liptako_definitions()

st.title("Sahel Briefing Map")
with st.sidebar:
    definition = st.selectbox("Liptako-Gourma definition", list(definitions), format_func=definitions.get,
                              index=list(definitions).index(boundaries.DEFAULT_DEFINITION))
    show_regions = st.checkbox("Regions of Mali, Burkina Faso and Niger", value=True)

folium_map = build_map(MapOptions(liptako_definition=definition, show_regions=show_regions))
use_local_assets(folium_map, STATIC_VENDOR_URL)
st_folium(folium_map, use_container_width=True, height=640, returned_objects=[])

chosen = boundaries.load_liptako_gourma(definition).iloc[0]
st.caption(f"**{chosen['name']}** — {chosen['definition']} Computed area: {chosen['area_km2']:,.0f} km². "
           f"Sources: {chosen['sources']}")
