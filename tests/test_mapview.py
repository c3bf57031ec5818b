"""The briefing map: rendered HTML and the folium element tree, with the real data files."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

import folium
import geopandas as gpd
import pytest

from geo.map.assets import bundle_map_scripts, bundled_assets, use_local_assets
from geo.text.readers import article_from_text, load_corpus
from geo.map.details import feature_details, parse_feature_key
from geo.map.elements import Attribution, MapPanel, PlaceSearch
from geo.web.linked_layers import link_layer_data
from geo.map import registry
from geo.map.assemble import build_map, title_text
from geo.map.options import MapOptions
from geo.geoparse.table import mentions_table
from tests.conftest import REPO_ROOT

SEP_2023 = dt.date(2023, 9, 16)
FEB_2025 = dt.date(2025, 2, 1)
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "${alert(2)}`"]


@lru_cache(maxsize=1)
def bundled_mentions() -> gpd.GeoDataFrame:
    articles, errors = load_corpus([REPO_ROOT / "data" / "articles"])
    assert not errors
    return mentions_table(articles)


def geojson_layers(folium_map: folium.Map) -> dict[str, folium.GeoJson]:
    """GeoJson elements by their name (countries, alliance, ecowas, forces, mentions...)."""
    found: dict[str, folium.GeoJson] = {}

    def walk(element: object) -> None:
        for child in getattr(element, "_children", {}).values():
            if isinstance(child, folium.GeoJson):
                found[child.layer_name] = child
            walk(child)

    walk(folium_map)
    return found


def properties(layer: folium.GeoJson, key: str) -> dict[str, dict[str, object]]:
    return {f["properties"][key]: f["properties"] for f in layer.data["features"]}


def styles(layer: folium.GeoJson) -> dict[str, dict[str, object]]:
    return {f["properties"]["iso3"]: layer.style_function(f) for f in layer.data["features"]}


def test_alliance_and_ecowas_on_the_charter_day() -> None:
    folium_map = build_map(MapOptions(as_of=SEP_2023))
    layers = geojson_layers(folium_map)
    assert set(properties(layers["alliance"], "iso3")) == {"MLI", "BFA", "NER"}
    assert {s["fillColor"] for s in styles(layers["alliance"]).values()} == {"#e3a53c"}
    ecowas = properties(layers["ecowas"], "iso3")
    # Niger is suspended only from 2023-12-10; Mali and Burkina Faso were suspended after their coups.
    assert ecowas["NER"]["ecowas"] == "member"
    assert ecowas["MLI"]["ecowas"] == "suspended" and ecowas["BFA"]["ecowas"] == "suspended"
    assert ecowas["SEN"]["ecowas"] == "member"
    ecowas_styles = styles(layers["ecowas"])
    assert ecowas_styles["NER"]["fillOpacity"] == 0.0  # AES fill wins, ECOWAS shows as the outline
    assert ecowas_styles["SEN"]["fillOpacity"] > 0
    assert ecowas_styles["MLI"]["dashArray"] != ecowas_styles["NER"]["dashArray"]
    html = folium_map.get_root().render()
    assert "ECOWAS member, suspended" in html and "AES member (fill)" in html  # legend


def test_aes_states_withdrawn_from_ecowas_in_2025() -> None:
    layers = geojson_layers(build_map(MapOptions(as_of=FEB_2025)))
    ecowas = properties(layers["ecowas"], "iso3")
    assert {ecowas[iso]["ecowas"] for iso in ("MLI", "BFA", "NER")} == {"withdrawn"}
    assert "2025-01-29" in str(ecowas["NER"]["popup"])  # the date of the event that set the status


def test_no_aes_before_the_charter() -> None:
    layers = geojson_layers(build_map(MapOptions(as_of=dt.date(2023, 9, 1))))
    assert "alliance" not in layers  # no member yet: the group is empty


def test_country_popup_and_tooltip() -> None:
    countries = properties(geojson_layers(build_map(MapOptions(as_of=dt.date(2023, 12, 15))))["countries"], "iso3")
    niger = countries["NER"]
    assert niger["tooltip"] == "Niger [country:NER]"
    popup = str(niger["popup"])
    assert "ECOWAS status" in popup and "suspended since 2023-12-10" in popup
    assert "AES status" in popup and "member since 2023-09-16" in popup
    assert 'rel="noopener noreferrer"' in popup and "<a href=\"https://" in popup


def test_french_niamey_base_comes_and_goes() -> None:
    before = build_map(MapOptions(as_of=SEP_2023))
    sites = properties(geojson_layers(before)["forces"], "site_id")
    assert "fra-niamey-bap" in sites
    assert "[site:fra-niamey-bap]" in str(sites["fra-niamey-bap"]["tooltip"])
    assert "France" in str(sites["fra-niamey-bap"]["popup"])
    assert ">FR<" in before.get_root().render()
    after = geojson_layers(build_map(MapOptions(as_of=dt.date(2024, 1, 1))))
    assert "fra-niamey-bap" not in properties(after["forces"], "site_id")


def test_operator_filter() -> None:
    layers = geojson_layers(build_map(MapOptions(as_of=SEP_2023, operators=("Russia",))))
    operators = {p["operator"] for p in properties(layers["forces"], "site_id").values()}
    assert operators == {"Russia"}


def test_mentions_popup_escapes_hostile_text() -> None:
    text = " ".join(f"Troops in Niamey said {bad}." for bad in HOSTILE)
    mentions = mentions_table([article_from_text(text, title='Gao <b>"bold"</b>', date="2023-09-18")])
    folium_map = build_map(MapOptions(as_of=SEP_2023), mentions)
    html = folium_map.get_root().render()
    for bad in HOSTILE[:2]:
        assert bad not in html
    assert "alert(2)" in html and "${alert(2)}" not in html and "`" not in html.split("alert(2)")[1][:20]
    popup = str(properties(geojson_layers(folium_map)["mentions"], "gazetteer_id")["gn:2440485"]["popup"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in popup
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "<script>" not in popup and "<img" not in popup
    # In the page the popup is JSON in a script: '&' is written \u0026 there.
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html


def test_mentions_sized_and_summarised_by_country() -> None:
    folium_map = build_map(MapOptions(as_of=SEP_2023), bundled_mentions())
    layers = geojson_layers(folium_map)
    places = properties(layers["mentions"], "gazetteer_id")
    assert "ne:MLI" not in places  # whole countries are summarised, not points
    niamey = places["gn:2440485"]
    assert re.fullmatch(r"Niamey \(\d+ mentions\) \[place:gn:2440485\]", str(niamey["tooltip"]))
    radii = {gid: layers["mentions"].style_function({"properties": p})["radius"] for gid, p in places.items()}
    assert radii["gn:2440485"] > min(radii.values())
    badges = properties(layers["country_mentions"], "iso3")
    assert "FRA" in badges and "French ×" in str(badges["FRA"]["tooltip"])
    assert str(badges["FRA"]["tooltip"]).endswith("[country_mentions:FRA]")


def test_events_layer_draws_a_symbol_per_type_with_the_sentence_as_evidence() -> None:
    from geo.text.readers import article_from_text
    from geo.web.event_cache import EventCache

    text = ("Gunmen killed 12 villagers in Gao on Sunday. "
            "Protesters marched in Bamako on Monday, carrying <img src=x onerror=alert(1)> signs.")
    events = EventCache().table([article_from_text(text, title="Raid", date="2024-03-12")])
    assert {"Violence against civilians", "Protests"} <= set(events["type"])
    on = MapOptions(as_of=SEP_2023, layers=frozenset({"events"}))
    html = build_map(on, None, events).get_root().render()
    assert "sbm-event" in html and "Violence against civilians: 1" in html and "Protests: 1" in html  # legend
    assert "Gunmen killed 12 villagers" in html and "2024-03-10" in html  # evidence and the event's own date
    assert "<img src=x" not in html  # the sentence is escaped in the popup
    off = build_map(MapOptions(as_of=SEP_2023, layers=frozenset({"mentions"})), None, events).get_root().render()
    assert "sbm-event'" not in off and "Events in the articles" not in off
    empty = build_map(on, None, None).get_root().render()
    assert "No event in the chosen articles" in empty


def test_the_dashboard_map_opens_no_popup_and_exports_keep_theirs() -> None:
    dashboard = build_map(MapOptions(as_of=SEP_2023, popups=False)).get_root().render()
    exported = build_map(MapOptions(as_of=SEP_2023)).get_root().render()
    assert "L.Popup.prototype.openOn = function" in dashboard
    assert "L.Popup.prototype.openOn" not in exported and "bindPopup" in exported


def test_legend_title_and_presentation() -> None:
    html = build_map(MapOptions(as_of=SEP_2023)).get_root().render()
    assert title_text(MapOptions(as_of=SEP_2023)) == "Sahel Briefing Map — as of 16 Sep 2023"
    assert "Sahel Briefing Map — as of 16 Sep 2023" in html
    assert "sbm-legend" in html and "Legend" in html and "Foreign force sites" in html
    presented = build_map(MapOptions(as_of=SEP_2023, presentation=True)).get_root().render()
    # A slide: title and legend in a panel beside the map (SlideLayout), no title box over the map.
    assert "create('aside'" not in html and '"sbm-title"' in html
    assert "create('aside'" in presented and '"sbm-title"' not in presented


def test_every_asset_is_bundled_and_controls_are_present() -> None:
    for tiles in (None, "OpenStreetMap"):
        folium_map = build_map(MapOptions(as_of=SEP_2023, tiles=tiles), bundled_mentions())
        assert use_local_assets(folium_map, "/app/static/vendor") == []
        html = folium_map.get_root().render()
        assert "L.Control.Search" in html and "L.Control.Measure" in html and "fullscreenControl" in html.replace(
            "L.control.fullscreen", "fullscreenControl")
        assert "sbm-locator" in html and "MiniMap" not in html  # an offline locator, with or without tiles
        remote = re.findall(r'(?:src|href)="(https?://[^"]+\.(?:js|css))"', html)
        assert remote == []


def test_offline_map_keeps_max_zoom() -> None:
    assert build_map().options["max_zoom"] == 12


def test_custom_regions_polygon() -> None:
    options = MapOptions(as_of=SEP_2023, liptako_definition="custom", custom_regions=("NER-tillaberi", "BFA-sahel"))
    html = build_map(options).get_root().render()
    assert "Liptako-Gourma (custom: 2 regions)" in html and "[liptako:custom]" in html
    details = feature_details("liptako", "custom", options, None)
    assert "Tillab" in str(details["rows"]["Regions"]) and "km²" in str(details["rows"]["Area (computed)"])
    with pytest.raises(ValueError, match="unknown region id"):
        MapOptions(liptako_definition="custom", custom_regions=("NER-tillaberi", "bogus"))
    # No region yet (the user is choosing): a map with the tripoint and a legend line saying what to do.
    empty = build_map(MapOptions(as_of=SEP_2023, liptako_definition="custom")).get_root().render()
    assert "choose at least one region" in empty and "[tripoint:" in empty and "[liptako:custom]" not in empty


@pytest.mark.parametrize("layer, marker", [
    ("regions", "Regions (Mali, Burkina Faso, Niger)"), ("forces", "Foreign force sites"),
    ("mentions", "Places in the articles"), ("country_mentions", "Countries in the articles"),
    ("alliance", "AES member (fill)"), ("ecowas", "Withdrawn from ECOWAS"), ("liptako", "[liptako:tri_border]"),
    ("labels", "<div class='country-label'>Mali"),
])
def test_layers_can_be_switched_off(layer: str, marker: str) -> None:
    on = build_map(MapOptions(as_of=SEP_2023), bundled_mentions()).get_root().render()
    off_options = MapOptions(as_of=SEP_2023, layers=frozenset(registry.keys()) - {layer})
    off = build_map(off_options, bundled_mentions()).get_root().render()
    assert marker in on and marker not in off


def test_options_are_validated() -> None:
    assert MapOptions().layers == registry.default_keys()
    with pytest.raises(ValueError):
        MapOptions(layers=frozenset({"heatmap"}))
    with pytest.raises(ValueError):
        MapOptions(tiles="Google")


def test_parse_feature_key() -> None:
    assert parse_feature_key("Mali [country:MLI]") == ("country", "MLI")
    assert parse_feature_key("Niamey (3 mentions) [place:gn:2440485]\n") == ("place", "gn:2440485")
    assert parse_feature_key("Niamey air base — France [site:fra-niamey-bap]") == ("site", "fra-niamey-bap")
    assert parse_feature_key(None) is None and parse_feature_key("Mali") is None
    assert parse_feature_key("x [weather:sunny]") is None


def test_feature_details_for_each_kind() -> None:
    options = MapOptions(as_of=SEP_2023)
    mentions = bundled_mentions()
    country = feature_details("country", "NER", options, mentions)
    assert country["title"] == "Niger" and country["rows"]["ECOWAS status"].startswith("member")
    assert any(s.startswith("https://") for s in country["sources"])  # type: ignore[union-attr]
    site = feature_details("site", "fra-niamey-bap", options, mentions)
    assert site["rows"]["Operator"] == "France" and site["sources"]
    gone = feature_details("site", "fra-niamey-bap", MapOptions(as_of=dt.date(2024, 6, 1)), None)
    assert gone["rows"]["Presence"].startswith("not present")
    place = feature_details("place", "gn:2440485", options, mentions)
    assert place["title"] == "Niamey" and len(place["table"]) >= 2  # type: ignore[arg-type]
    assert set(place["table"].columns) == {"Article", "Date", "As written", "Sentence", "Why", "Runner-up"}  # type: ignore[union-attr]
    lip = feature_details("liptako", "tri_border", options, None)
    assert "conflict core" in str(lip["title"])
    assert feature_details("tripoint", "MLI-BFA-NER", options, None)["rows"]["Latitude"] == "14.9110"
    assert feature_details("region", "NER-tillaberi", options, None)["rows"]["Country"] == "Niger (NER)"
    fra = feature_details("country_mentions", "FRA", options, mentions)
    assert fra["title"] == "France" and len(fra["table"]) >= 5  # type: ignore[arg-type]
    for kind, key in (("country", "XXX"), ("site", "nope"), ("place", "gn:0"), ("liptako", "alg_2018"),
                      ("planet", "Mars")):
        with pytest.raises(KeyError):
            feature_details(kind, key, options, mentions)


def test_every_clickable_tooltip_carries_a_key() -> None:
    from geo.events.table import events_table
    from geo.map import registry

    articles, _ = load_corpus([REPO_ROOT / "data" / "articles"])
    events = events_table(articles)
    options = MapOptions(as_of=SEP_2023, layers=registry.default_keys() | {"events"})
    folium_map = build_map(options, bundled_mentions(), events)
    assert "events" in geojson_layers(folium_map)
    for name, layer in geojson_layers(folium_map).items():
        if name in ("labels", "liptako", "liptako_casing"):  # labels and the casing line are not clickable;
            # liptako has a folium.Tooltip (tested above)
            continue
        for feature in layer.data["features"]:
            parsed = parse_feature_key(str(feature["properties"].get("tooltip", "")).replace("&amp;", "&"))
            assert parsed is not None, (name, feature["properties"].get("tooltip"))
            details = feature_details(*parsed, options, bundled_mentions(), events)
            assert details["title"]
            if name == "events":  # an event marker: the events at its place, with their sentences
                assert not details["events"].empty and details["events"]["Sentence"].str.len().min() > 0


def test_a_clicked_place_lists_the_events_that_happened_there() -> None:
    from geo.text.readers import article_from_text
    from geo.web.event_cache import EventCache
    from geo.web.mention_cache import MentionCache

    raid = article_from_text("Gunmen killed 12 villagers in Gao on Sunday. Troops later reached Gao and Kidal.",
                             title="Raid", date="2024-03-12")
    events, mentions = EventCache().table([raid]), MentionCache().table([raid])
    gao = mentions.loc[mentions["surface"] == "Gao", "gazetteer_id"].iloc[0]
    kidal = mentions.loc[mentions["surface"] == "Kidal", "gazetteer_id"].iloc[0]
    options = MapOptions(as_of=SEP_2023, layers=frozenset({"mentions", "events"}))
    place = feature_details("place", gao, options, mentions, events)
    assert {"Why", "Runner-up"} <= set(place["table"].columns)  # why this Gao, and which other Gao lost
    assert place["table"]["Runner-up"].str.contains("Gao").all()
    assert list(place["events"]["Type"]) == ["Violence against civilians"] and place["events"]["Fatalities"][0] == 12
    marker = feature_details("events", gao, options, mentions, events)
    assert marker["title"] == "Gao" and marker["rows"]["Events"] == "1" and "×1" in marker["rows"]["Types"]
    assert feature_details("place", kidal, options, mentions, events)["events"] is None  # named, nothing happened
    assert feature_details("place", gao, options, mentions, None)["events"] is None  # events layer off
    with pytest.raises(KeyError):
        feature_details("events", kidal, options, mentions, events)


def test_bounds_choose_the_extent_shown_and_are_validated() -> None:
    html = build_map(MapOptions(as_of=SEP_2023, bounds=(10, -8, 20, 6))).get_root().render()
    assert "[[10.0, -8.0], [20.0, 6.0]]" in html
    default = build_map(MapOptions(as_of=SEP_2023)).get_root().render()
    assert "[[10.0, -8.0], [20.0, 6.0]]" not in default
    with pytest.raises(ValueError, match="bounds"):
        MapOptions(bounds=(20, -8, 10, 6))  # south above north


def test_linked_layers_leave_the_page_light_and_the_files_complete(tmp_path: Path) -> None:
    folium_map = build_map(MapOptions(as_of=SEP_2023), bundled_mentions())
    embedded = {name: layer.data for name, layer in geojson_layers(folium_map).items()}
    embedded_size = len(build_map(MapOptions(as_of=SEP_2023), bundled_mentions()).get_root().render())
    names = link_layer_data(folium_map, tmp_path, "/app/static/layers")
    html = folium_map.get_root().render()
    assert {"countries", "ecowas", "regions", "rivers"} <= {
        name for name, layer in geojson_layers(folium_map).items() if not layer.embed}
    assert len(html) < embedded_size / 3, (len(html), embedded_size)
    for name, layer in geojson_layers(folium_map).items():
        if layer.embed:
            continue
        file_name = layer.embed_link.rsplit("/", 1)[-1]
        assert layer.embed_link == f"/app/static/layers/{file_name}" and file_name in names
        assert f'$.ajax("/app/static/layers/{file_name}"' in html
        on_disk = json.loads((tmp_path / file_name).read_text(encoding="utf-8"))
        assert on_disk == json.loads(json.dumps(embedded[name]))  # every geometry and property reaches the browser
        assert all(feature["geometry"] is None for feature in layer.data["features"])
    # Styles are still rendered per feature from the kept properties: the AES fill is in the page.
    assert "#e3a53c" in html
    # The same map again writes nothing new; old files beyond `keep` are removed, the newest stay.
    link_layer_data(build_map(MapOptions(as_of=SEP_2023), bundled_mentions()), tmp_path, "/x")
    assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted(names)
    link_layer_data(build_map(MapOptions(as_of=FEB_2025), bundled_mentions()), tmp_path, "/x", keep=len(names))
    assert len(list(tmp_path.glob("*.json"))) == len(names)


def test_map_scripts_bundled_in_one_file_in_loading_order(tmp_path: Path) -> None:
    folium_map = build_map(MapOptions(as_of=SEP_2023), bundled_mentions())
    order = []
    for element in [folium_map, *(c for c in _descendants(folium_map))]:
        order += [url for _, url in getattr(element, "default_js", []) if url not in order]
    url = bundle_map_scripts(folium_map, tmp_path, "/app/static/vendor")
    assert folium_map.default_js == [("map_scripts", url)]
    assert all(not getattr(child, "default_js", []) for child in _descendants(folium_map))
    content = (tmp_path / url.rsplit("/", 1)[-1]).read_text(encoding="utf-8")
    positions = [content.index(bundled_assets()[cdn][:200]) for cdn in order]
    assert positions == sorted(positions) and len(order) >= 4  # Leaflet first, then jQuery, then the plugins
    assert all(href.startswith("/app/static/vendor/") for _, href in folium_map.default_css)


def _descendants(element: object) -> list[object]:
    found = []
    for child in getattr(element, "_children", {}).values():
        found += [child, *_descendants(child)]
    return found


def test_registry_drives_the_map_the_legend_and_the_options() -> None:
    assert registry.keys() == tuple(spec.key for spec in registry.LAYERS if spec.optional)
    assert registry.layer("countries").optional is False and "countries" not in registry.keys()
    with pytest.raises(KeyError, match="unknown layer 'heatmap'"):
        registry.layer("heatmap")
    folium_map = build_map(MapOptions(as_of=SEP_2023, layers=frozenset({"forces", "alliance"})))
    groups = [child.layer_name for child in folium_map._children.values()
              if isinstance(child, folium.FeatureGroup) and child.control]
    assert groups == ["Countries", "Alliance of Sahel States (AES)", "Foreign force sites"]  # drawing order
    assert 'data-layer=\\"Foreign force sites\\"' in folium_map.get_root().render()  # legend follows the layer


@pytest.mark.parametrize("bad", HOSTILE)
def test_elements_render_hostile_options_inert(bad: str) -> None:
    """Options reach the script through tojson: no string can close the script or add markup."""
    def render(text: str) -> str:
        folium_map = folium.Map(tiles=None)
        Attribution(text).add_to(folium_map)
        MapPanel(text, text, text).add_to(folium_map)
        PlaceSearch(placeholder=text).add_to(folium_map)
        return folium_map.get_root().render()

    html, benign = render(bad), render("x")
    assert html.count("<script") == benign.count("<script") and html.count("</script>") == benign.count("</script>")
    assert "<img" not in html and "<script>alert" not in html
    assert bad not in html or json.dumps(bad, ensure_ascii=False) in html  # only ever inside a JSON string


def test_bundled_assets_read_the_one_upstream_table() -> None:
    """folium-offline has no public API for its files: if an upgrade renames the table, this says so."""
    from offlinefolium import elements as offline_elements

    assert isinstance(getattr(offline_elements, "_res", None), dict), (
        "offlinefolium.elements._res is gone: update geo.map.assets.bundled_assets")
    assert any(url.endswith("/leaflet.js") for url in bundled_assets())


def test_a_region_answers_for_its_country_too() -> None:
    """Clicking inside Mali with the regions layer on shows the region and Mali's AES/ECOWAS status."""
    options = MapOptions(as_of=dt.date(2025, 2, 1))
    rows = feature_details("region", "MLI-timbuktu", options, None)["rows"]
    assert rows["Country"] == "Mali (MLI)"
    assert rows["AES status"].startswith("member") and rows["ECOWAS status"].startswith("withdrawn")
    html = build_map(MapOptions(as_of=dt.date(2025, 2, 1), layers=frozenset({"regions"}))).get_root().render()
    assert "ECOWAS status" in html and "withdrawn since 2025-01-29" in html
