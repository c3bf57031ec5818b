"""The dashboard's pure logic: shareable views, mention filters, highlighted article text."""

from __future__ import annotations

import datetime as dt

from geo.text.readers import article_from_text
from geo.map import registry
from geo.web.view_state import (ViewState, filter_mentions, highlight_mentions, quick_dates,
                           view_from_query, view_to_query)
from geo.geoparse.table import mentions_table

TODAY = dt.date(2026, 11, 22)


def test_empty_query_is_the_default_view() -> None:
    view = view_from_query({}, today=TODAY)
    assert view == ViewState(as_of=TODAY)
    assert view.layers == registry.default_keys() and view.definition == "tri_border" and not view.presentation


def test_round_trip_of_a_full_view() -> None:
    view = ViewState(as_of=dt.date(2024, 7, 6), layers=frozenset({"alliance", "mentions"}), definition="custom",
                     custom_regions=("BFA-sahel", "NER-tillaberi"), article="a-1", operators=("France", "Russia"),
                     tiles="OpenStreetMap", presentation=True)
    query = view_to_query(view)
    assert query["asof"] == "2024-07-06" and query["present"] == "1"
    assert view_from_query(query, today=TODAY, tile_names=["OpenStreetMap"]) == view


def test_hostile_or_broken_query_values_fall_back_to_defaults() -> None:
    view = view_from_query({"asof": "2023-13-45", "def": "<script>", "layers": "alliance,evil",
                            "tiles": "http://evil.example/{z}", "present": "maybe", "regions": "x" * 10_000},
                           today=TODAY, tile_names=["OpenStreetMap"])
    assert view.as_of == TODAY and view.definition == "tri_border"
    assert view.layers == frozenset({"alliance"}) and view.tiles is None and not view.presentation
    assert all(len(region) <= 2_000 for region in view.custom_regions)
    assert view_from_query({"asof": "1900-01-01"}, today=TODAY).as_of == TODAY
    assert view_from_query({"asof": ["2023-09-16", "2024-01-01"]}, today=TODAY).as_of == dt.date(2023, 9, 16)


def test_quick_dates() -> None:
    dates = quick_dates(TODAY)
    assert list(dates.values()) == [TODAY, dt.date(2023, 9, 16), dt.date(2025, 1, 29)]


def test_filters_by_article_kind_country_and_date() -> None:
    first = article_from_text("Malian troops entered Gao. ECOWAS met.", title="one", date="2023-09-16")
    second = article_from_text("French troops left Niamey.", title="two", date="2024-01-01")
    undated = article_from_text("Fighting near Djibo.", title="three")
    table = mentions_table([first, second, undated])
    assert len(filter_mentions(table, articles=[second.id])) == 2
    assert set(filter_mentions(table, kinds=["demonym"])["surface"]) == {"Malian", "French"}
    assert set(filter_mentions(table, countries=["MLI"])["surface"]) == {"Malian", "Gao"}
    in_2023 = filter_mentions(table, dates=(dt.date(2023, 1, 1), dt.date(2023, 12, 31)))
    assert set(in_2023["article"]) == {first.id, undated.id}  # undated reports are never hidden


def test_highlighted_text_is_escaped_and_marks_every_mention() -> None:
    text = 'Troops left <script>alert("x")</script> Niamey\nfor "Gao"><img src=x onerror=alert(1)>.'
    table = mentions_table([article_from_text(text, title="t")])
    rendered = highlight_mentions(text, table)
    assert "<script>" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;" in rendered and "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert rendered.count("<mark") == len(table) == 2
    assert '<mark class="mention-place" title="place: Niamey">Niamey</mark>' in rendered
    assert "<br>" in rendered


def test_highlighted_organisations_are_linked_as_in_the_mentions_table() -> None:
    article = article_from_text("Les chefs de la Confédération des États du Sahel se sont réunis à Niamey.")
    table = mentions_table([article])
    assert table.loc[table.kind == "organisation", "organisation"].tolist() == ["AES"]
    marked = highlight_mentions(article.text, table)
    assert 'title="organisation: AES (MLI, BFA, NER)"' in marked and "unresolved" not in marked


def test_the_map_view_in_a_link_is_checked() -> None:
    from geo.web.view_state import read_view

    view, notes = read_view({"map": "14.9110,0.2185,7"}, today=TODAY)
    assert view.map_view == (14.911, 0.2185, 7) and notes == []
    assert view_to_query(view)["map"] == "14.9110,0.2185,7"
    for bad in ("14,0", "north,0,7", "95,0,7", "14,0,30", "14,0,7.5", "nan,0,7"):
        view, notes = read_view({"map": bad}, today=TODAY)
        assert view.map_view is None and notes and notes[0].startswith(f"map={bad!r}"), bad
