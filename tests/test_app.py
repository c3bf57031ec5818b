"""The dashboard's widget logic through Streamlit's AppTest (a real script run, no browser)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.events.classify import EVENT_TYPES
from geo.web.analysis_log import EventLog
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow  # each AppTest runs the whole dashboard script


@pytest.fixture(autouse=True)
def private_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """User-added articles go to a temporary folder, never to the real one."""
    folder = tmp_path / "corpus"
    monkeypatch.setenv("SAHEL_CORPUS_DIR", str(folder))
    return folder


def start(query: dict[str, str] | None = None, whole_page: bool = True) -> AppTest:
    """The app after its quick first run (map only) and, with `whole_page`, the run that completes the page
    (in a browser the map's first report starts it; here a second run does)."""
    app = AppTest.from_file(str(REPO_ROOT / "streamlit_app.py"), default_timeout=120)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    if whole_page:
        app.run()
        assert not app.exception, app.exception
    return app


def title_box(app: AppTest):  # noqa: ANN201 - streamlit's TextInput element
    """The paste form's title field."""
    return [box for box in app.text_input if box.label == "Title (optional)"][0]


def map_args(app: AppTest) -> dict[str, object]:
    """The arguments st_folium handed to its frontend component."""
    components = list(app.get("component_instance"))
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def script(app: AppTest) -> str:
    """What the map shows: its script and the layer files the script loads (served from static/layers)."""
    args = map_args(app)
    text = "\n".join(str(args.get(part) or "") for part in ("script", "feature_group", "layer_control"))
    linked = re.findall(r'\$\.ajax\("/app/static/layers/([0-9a-f]+\.json)"', text)
    return "\n".join([text, *((REPO_ROOT / "static" / "layers" / name).read_text(encoding="utf-8") for name in linked)])


def test_default_view_draws_the_map_with_local_assets_only() -> None:
    app = start()
    args = map_args(app)
    assert "Liptako-Gourma tri-border area (conflict core)" in script(app)
    assert "Natural Earth" in str(args["script"]) and "GeoNames" in str(args["script"])  # credits: in the base map
    links = list(args["js_links"]) + list(args["css_links"])  # type: ignore[arg-type]
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links
    assert app.session_state["as_of"] == dt.date.today()
    assert app.query_params["asof"] == dt.date.today().isoformat()


def test_first_run_draws_the_map_alone_then_the_whole_page() -> None:
    app = start({"asof": "2023-09-16"}, whole_page=False)
    assert "as of 16 Sep 2023" in script(app)
    assert not app.sidebar.date_input and not app.dataframe  # nothing else to lay out yet
    assert "Loading the controls" in " ".join(caption.value for caption in app.sidebar.caption)
    first_map = map_args(app)
    app.run()  # what the map's first report (or the fallback timer) starts
    assert app.text_input(key="as_of_text").value == "2023-09-16"
    assert app.dataframe and app.get("button_group")
    # The same map, to the character: st_folium redraws every layer when its script changes at all.
    assert map_args(app) == first_map


def test_a_rerun_that_changes_nothing_hands_st_folium_the_same_map() -> None:
    """Element names must not be random (folium's popups were): any difference in the layers' script makes
    st_folium remove and redraw them all, on every click and rerun."""
    app = start({"layers": "liptako,forces,mentions"})
    before = map_args(app)
    app.run()
    assert map_args(app) == before
    assert "popup" in str(before["feature_group"])  # the layers have popups (the tri-border polygon's)


def test_a_new_date_keeps_the_base_map_and_replaces_the_layers() -> None:
    """The map on screen stays (same component key, so the same frame and view); only its groups change."""
    app = start({"asof": "2025-02-01"})
    before = map_args(app)
    app.text_input(key="as_of_text").set_value("2023-09-16").run()
    after = map_args(app)
    assert before["key"] == after["key"] and before["script"] == after["script"]
    assert before["feature_group"] != after["feature_group"]
    assert "as of 16 Sep 2023" in str(after["feature_group"])


def test_as_of_date_changes_memberships_and_sites() -> None:
    app = start()
    app.text_input(key="as_of_text").set_value("2023-09-16").run()
    before = script(app)
    assert "as of 16 Sep 2023" in before
    assert "fra-niamey-bap" in before  # the French base at Niamey was still there
    app.text_input(key="as_of_text").set_value("2025-02-01").run()
    after = script(app)
    assert "fra-niamey-bap" not in after
    assert app.query_params["asof"] == "2025-02-01"


def test_quick_pick_sets_the_charter_date() -> None:
    app = start()
    app.button(key="pick-2023-09-16").click().run()
    assert app.session_state["as_of"] == dt.date(2023, 9, 16)


def test_layer_toggle_removes_a_layer() -> None:
    app = start({"asof": "2023-09-16"})
    assert "fra-niamey-bap" in script(app)
    layers = [layer for layer in app.multiselect(key="layers").value if layer != "forces"]
    app.multiselect(key="layers").set_value(layers).run()
    assert "fra-niamey-bap" not in script(app)
    assert "forces" not in app.query_params["layers"]


def test_definition_switch_and_custom_regions() -> None:
    app = start()
    app.selectbox(key="definition").set_value("alg_2018").run()
    assert "three whole states" in script(app)
    app.selectbox(key="definition").set_value("custom").run()
    app.multiselect(key="custom_regions").set_value(["BFA-sahel", "NER-tillaberi"]).run()
    assert not app.exception
    assert app.query_params["regions"] == "BFA-sahel,NER-tillaberi"


def test_url_restores_the_view() -> None:
    app = start({"asof": "2025-01-29", "def": "alg_regions", "layers": "alliance,ecowas,liptako"})
    assert app.session_state["as_of"] == dt.date(2025, 1, 29)
    assert app.selectbox(key="definition").value == "alg_regions"
    assert set(app.multiselect(key="layers").value) == {"alliance", "ecowas", "liptako"}


def test_pasted_article_adds_mentions(private_corpus: Path) -> None:
    app = start()
    app.text_area[0].set_value("Gunmen attacked Djibo and Arbinda in northern Burkina Faso.")
    title_box(app).set_value("Attack in Djibo")
    submit = [b for b in app.button if b.label == "Add pasted text"]
    submit[0].click().run()
    assert not app.exception
    assert any("Attack in Djibo" in str(t.value) for t in app.toast)  # a toast: the map stays where it was
    assert not app.success
    assert list(private_corpus.glob("*.md"))  # saved, survives a restart
    # Its events were coded and logged with it: a restarted server reads them instead of coding again.
    logged = {key[1]: events for key, events in EventLog(private_corpus).read().items()}
    assert logged["Attack in Djibo"] and {event.type for event in logged["Attack in Djibo"]} <= set(EVENT_TYPES)
    assert "Djibo" in script(app)
    assert re.search(r"Djibo \(\d+ mentions?\), in an article just added", script(app))  # new places stand out
    assert "Named in an article just added" in script(app)


def test_tables_one_at_a_time(private_corpus: Path) -> None:
    app = start({"asof": "2023-09-16"})
    app.text_area[0].set_value('Troops left Gao and the town of Zorbatou. <script>alert("x")</script>')
    title_box(app).set_value("Hostile <b>title</b>")
    [b for b in app.button if b.label == "Add pasted text"][0].click().run()
    assert len(app.dataframe) == 1  # one table drawn at a time
    assert {"Gao", "Niamey"} <= set(app.dataframe[0].value["surface"])  # the pasted article and the bundled ones
    app.button_group(key="table_view").set_value("Unresolved").run()
    assert "Zorbatou" in set(app.dataframe[0].value["surface"])  # what the gazetteer missed is listed
    assert any("could not resolve" in caption.value for caption in app.caption)
    app.button_group(key="table_view").set_value("Events").run()
    events = app.dataframe[0].value
    assert {"Protests", "Battles", "Strategic developments"} <= set(events["type"])  # the bundled articles' events
    tessalit = events[events["place_name"] == "Tessalit"]
    assert list(tessalit["type"]) == ["Battles"] and list(tessalit["date"]) == ["2023-10-21"]  # with its evidence
    assert tessalit["sentence"].str.contains("Tessalit").all()
    [box for box in app.multiselect if box.label == "Event types (empty: all)"][0].set_value(["Battles"]).run()
    assert set(app.dataframe[0].value["type"]) == {"Battles"}
    app.button_group(key="table_view").set_value("Article").run()
    article_box = [box for box in app.selectbox if box.label == "Article"][0]
    pasted = [index for index, label in enumerate(article_box.options) if "Hostile" in label][0]
    article_box.select_index(pasted).run()
    text = " ".join(block.value for block in app.markdown if "article-text" in block.value)
    assert "<mark" in text and "Gao" in text
    assert "<script>" not in text and "&lt;script&gt;" in text  # the article cannot run code in the page
    assert app.query_params["article"] == app.session_state["article_view"] and "pasted" in app.session_state["article_view"]
    app.button_group(key="table_view").set_value("Force sites").run()
    assert "fra-niamey-bap" in set(app.dataframe[0].value["site_id"])  # French base, 16 Sep 2023
    app.button_group(key="table_view").set_value("Memberships").run()
    aes = app.dataframe[0].value
    assert set(aes.loc[aes["status"] == "member", "iso3"]) == {"MLI", "BFA", "NER"}


def test_bad_input_shows_an_error_and_keeps_the_session() -> None:
    app = start()
    submit = [b for b in app.button if b.label == "Add pasted text"]
    app.text_area[0].set_value("x" * 2_500_000)  # over the article size limit
    submit[0].click().run()
    assert not app.exception
    assert app.error and "characters" in str(app.error[0].value)
    assert "Liptako-Gourma" in script(app)  # the map is still there


def test_presentation_mode_hides_the_controls() -> None:
    app = start({"present": "1"})
    assert not app.sidebar.date_input
    assert "Sahel Briefing Map" in script(app)


def shown_warnings(app: AppTest) -> str:
    """The page's warnings as the reader sees them (their Markdown source has every punctuation escaped)."""
    return " ".join(re.sub(r"\\(.)", r"\1", w.value) for w in app.warning)


@pytest.mark.parametrize("query", [{"def": "custom"}, {"def": "custom", "regions": "bogus"},
                                   {"def": "custom", "regions": "bogus,NER-tillaberi"}])
def test_a_custom_definition_without_known_regions_still_draws_a_map(query: dict[str, str]) -> None:
    app = start(query)  # asserts no exception on either run
    assert "Mali–Burkina Faso–Niger tripoint" in script(app)
    if query.get("regions") == "bogus,NER-tillaberi":
        assert "Liptako-Gourma (custom: 1 region)" in script(app)
    else:
        assert any("Choose at least one region" in info.value for info in app.sidebar.info)
        assert "choose at least one region" in script(app)
    if "bogus" in query.get("regions", ""):
        assert "regions: unknown 'bogus' ignored" in shown_warnings(app)


def test_choosing_custom_in_the_sidebar_keeps_the_map() -> None:
    app = start()
    app.selectbox(key="definition").set_value("custom").run()
    assert not app.exception and "choose at least one region" in script(app)


@pytest.mark.parametrize("query", [{"ops": ""}, {"ops": "<b>x</b>,France"}])
def test_operator_lists_from_a_link_never_crash(query: dict[str, str]) -> None:
    app = start(query)
    if query["ops"]:
        assert app.multiselect(key="operators").value == ["France"]
        assert "unknown operator '<b>x</b>' ignored" in shown_warnings(app)
    else:
        assert app.multiselect(key="operators").value == []


def test_removing_every_operator_draws_an_empty_site_layer() -> None:
    app = start()
    app.multiselect(key="operators").set_value([]).run()
    assert not app.exception
    assert "No site on this date for the chosen operators" in script(app)


@pytest.mark.parametrize(("asof", "reason"), [("2023-13-45", "is not a date"), ("1990-01-01", "outside the dates"),
                                              ("garbage", "is not a date")])
def test_a_bad_date_in_a_link_is_reported_not_replaced_silently(asof: str, reason: str) -> None:
    app = start({"asof": asof, "layers": "alliance,heatmap"})
    warnings = shown_warnings(app)
    assert f"asof={asof!r}" in warnings and reason in warnings
    assert "unknown 'heatmap' ignored" in warnings


def test_every_article_choice_in_the_article_table_is_shown() -> None:
    """Picking B, C, D, E one after the other shows each (a choice used to snap back every second time)."""
    app = start()
    app.button_group(key="table_view").set_value("Article").run()
    box = [b for b in app.selectbox if b.label == "Article"][0]
    for index in (1, 2, 3, 4):
        box = [b for b in app.selectbox if b.label == "Article"][0]
        chosen_id = box.options[index]
        box.select_index(index).run()
        assert not app.exception
        box = [b for b in app.selectbox if b.label == "Article"][0]
        assert box.index == index, (index, box.index)
        assert app.query_params["article"] == app.session_state["article_view"]
    assert chosen_id


def test_a_new_article_dated_after_the_range_is_shown_at_once() -> None:
    app = start()
    first, last = app.session_state["filter_dates"]
    later = last + dt.timedelta(days=400)
    app.text_area[0].set_value("Gunmen attacked Tongo Tongo in western Niger on Monday.")
    date_box = [d for d in app.date_input if d.label == "Date (optional)"][0]
    date_box.set_value(later)
    [b for b in app.button if b.label == "Add pasted text"][0].click().run()
    assert not app.exception
    assert app.session_state["filter_dates"][1] >= later and app.session_state["filter_dates"][0] == first
    assert "Tongo Tongo" in script(app)


def test_a_typed_date_applies_and_a_bad_one_is_refused_in_words() -> None:
    """Enter applies a typed date; 2023-13-45 is not rolled over to 2023-03-05, and 1990-01-01 is refused
    while the map stays, visibly, on the date it shows."""
    app = start({"asof": "2024-01-01"})
    app.text_input(key="as_of_text").set_value("2023-09-16").run()
    assert app.session_state["as_of"] == dt.date(2023, 9, 16) and "as of 16 Sep 2023" in script(app)
    for bad, reason in (("2023-13-45", "is not a date"), ("1990-01-01", "outside the dates the map covers")):
        app.text_input(key="as_of_text").set_value(bad).run()
        assert not app.exception
        assert app.session_state["as_of"] == dt.date(2023, 9, 16) and "as of 16 Sep 2023" in script(app)
        message = " ".join(re.sub(r"\\(.)", r"\1", e.value) for e in app.sidebar.error)
        assert bad in message and reason in message and "the map still shows 2023-09-16" in message
    [b for b in app.button if b.key == "pick-2025-01-29"][0].click().run()  # a quick pick clears the message
    assert app.session_state["as_of"] == dt.date(2025, 1, 29) and not app.sidebar.error
    assert app.text_input(key="as_of_text").value == "2025-01-29"


def test_the_events_layer_draws_the_articles_events_when_chosen() -> None:
    app = start({"asof": "2023-10-22", "layers": "alliance,events"})
    shown = script(app)
    assert "sbm-event" in shown and "Battles: " in shown  # the bundled articles' events, a symbol per type
    assert "Tessalit" in shown  # the attack near Tessalit, at its place
    assert "sbm-event" not in script(start({"asof": "2023-10-22", "layers": "alliance"}))  # off: not coded, not drawn


def test_event_filters_narrow_the_map_layer_and_the_events_table() -> None:
    app = start({"asof": "2023-09-16", "layers": "alliance,mentions,events"})
    legend = "Violence against civilians: "
    assert legend in script(app) and "Battles: " in script(app)  # the legend counts every placed type
    app.multiselect(key="event_types").set_value(["Battles"]).run()
    assert not app.exception, app.exception
    assert "Battles: " in script(app) and legend not in script(app)
    app.button_group(key="table_view").set_value("Events").run()
    assert set(app.dataframe[0].value["type"]) == {"Battles"}
    app.multiselect(key="event_types").set_value([]).run()
    app.date_input(key="event_dates").set_value((dt.date(2023, 10, 1), dt.date(2023, 10, 31))).run()
    app.checkbox(key="event_undated").uncheck().run()
    dated = app.dataframe[0].value
    assert len(dated) and dated["date"].str.startswith("2023-10").all()  # no undated event, none outside
    assert any("hidden by the sidebar's event filters" in caption.value for caption in app.caption)



def test_the_archive_source_leaves_no_fragment_of_the_articles_page_behind() -> None:
    """Streamlit forgets a page's fragments only after a run that ends normally. With st.stop() after the
    trends, the map's fragment outlived the switch; its next rerun (the map's report, still in flight) wrote
    into a part of the page that was gone and the browser showed a blank page ("Cannot set a node at a delta
    path")."""
    app = start(whole_page=False)  # the quick first run: the map fragment and the page-completing timer
    assert app._fragment_storage._fragments  # the articles page registered its fragments
    app.sidebar.radio(key="source").set_value("Archive folder").run()
    assert not app.exception, app.exception
    assert [box.label for box in app.sidebar.text_input] == ["Archive folder"]
    assert not app._fragment_storage._fragments, "a fragment of the articles page outlived the switch"
