"""The geoparser on the hard cases, against the real committed gazetteer: exact spans and coordinates."""

from __future__ import annotations

import pytest

from geo.geoparse.parser import parse
from geo.geoparse.model import Mention


def find(mentions: list[Mention], surface: str) -> Mention:
    found = [m for m in mentions if m.surface == surface]
    assert len(found) == 1, (surface, [(m.surface, m.kind) for m in mentions])
    return found[0]


def places(mentions: list[Mention]) -> list[str]:
    return [m.surface for m in mentions if m.kind == "place"]


def assert_at(mention: Mention, entry_id: str, lat: float, lon: float) -> None:
    assert mention.entry is not None and mention.entry.entry_id == entry_id, mention
    assert mention.entry.lat == pytest.approx(lat, abs=1e-4)
    assert mention.entry.lon == pytest.approx(lon, abs=1e-4)


def test_spans_index_the_original_text_exactly() -> None:
    text = "À Niamey, l’armée nigérienne a reçu la délégation de Ouagadougou et de Bamako."
    mentions = parse(text)
    assert [(m.start, m.end) for m in mentions] == [(2, 8), (18, 28), (53, 64), (71, 77)]
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.surface
        assert mention.sentence == text
    assert_at(find(mentions, "Niamey"), "gn:2440485", 13.51366, 2.1098)
    assert_at(find(mentions, "Ouagadougou"), "gn:2357048", 12.36566, -1.53388)
    assert_at(find(mentions, "Bamako"), "gn:2460596", 12.60915, -7.97522)


def test_niger_the_country() -> None:
    mentions = parse("Niger's junta expelled the French ambassador from Niamey.")
    niger = find(mentions, "Niger")
    assert (niger.start, niger.end, niger.kind) == (0, 5, "place")
    assert_at(niger, "ne:NER", 16.0, 8.0)
    assert niger.entry is not None and niger.entry.feature == "country"


@pytest.mark.parametrize("text,surface", [
    ("Boats sailed down the Niger river to Gao.", "Niger river"),
    ("The River Niger floods every year.", "River Niger"),
    # French "fleuve" is a lower-case generic: a cue, not part of the toponym (issue 11, section 4).
    ("Les pêcheurs du fleuve Niger attendent la crue.", "Niger"),
])
def test_niger_the_river(text: str, surface: str) -> None:
    river = find(parse(text), surface)
    assert text.index(surface) == river.start
    assert_at(river, "fact:niger-river", 13.515, 2.1175)
    assert river.entry is not None and river.entry.feature == "river"


def test_niger_state_in_nigeria() -> None:
    mentions = parse("Gunmen attacked a village in Niger State, Nigeria, on Sunday.")
    state = find(mentions, "Niger State")
    assert (state.start, state.end) == (29, 40)
    assert_at(state, "adm1:NGA-niger", 9.77077, 5.79725)
    assert "Niger" not in places(mentions)


def test_nigerian_means_niger_in_a_text_about_niger() -> None:
    about_niger = parse("Nigerian soldiers patrolled Niamey after the coup in Niger.")
    demonym = find(about_niger, "Nigerian")
    assert demonym.kind == "demonym" and demonym.countries == ("NER",)
    assert demonym.confidence < 0.9  # the reinterpretation is flagged as less certain
    about_nigeria = parse("Nigerian troops left Abuja for Lagos.")
    assert find(about_nigeria, "Nigerian").countries == ("NGA",)


def test_burkina_alone_is_burkina_faso() -> None:
    burkina = find(parse("Burkina and Mali signed the deal."), "Burkina")
    assert_at(burkina, "ne:BFA", 13.0, -2.0)


def test_capitals_standing_for_governments_are_still_places() -> None:
    text = "Paris said it would withdraw, while Moscow and Washington watched. Bamako rejected the claim."
    mentions = parse(text)
    assert_at(find(mentions, "Paris"), "gn:2988507", 48.85341, 2.3488)
    assert_at(find(mentions, "Moscow"), "gn:524901", 55.75204, 37.61781)
    assert_at(find(mentions, "Washington"), "gn:4140963", 38.89511, -77.03637)
    assert_at(find(mentions, "Bamako"), "gn:2460596", 12.60915, -7.97522)


def test_place_names_inside_organisation_names_are_not_places() -> None:
    text = ("The Alliance of Sahel States was formed, Agence France-Presse and Anadolu Agency reported, "
            "as did the Orinoco Tribune and Radio France Internationale.")
    mentions = parse(text)
    assert places(mentions) == []
    aes = find(mentions, "Alliance of Sahel States")
    assert aes.kind == "organisation" and aes.organisation == "AES"
    assert set(aes.countries) == {"MLI", "BFA", "NER"}
    assert aes.entry is None  # an organisation is not a point


def test_people_named_like_places_are_not_places() -> None:
    mentions = parse("Captain Traoré met Mr Kaya and Jackson Smith in Ouagadougou.")
    assert places(mentions) == ["Ouagadougou"]


def test_lowercase_common_words_are_not_places() -> None:
    assert parse("The police said the union would split, and the mobile reading was nice.") == []


def test_demonyms_and_organisations_have_their_own_kinds() -> None:
    mentions = parse("Malian, burkinabè and nigérienne forces joined ECOWAS and the AES.")
    assert [(m.surface, m.kind, m.countries) for m in mentions if m.kind == "demonym"] == [
        ("Malian", "demonym", ("MLI",)), ("burkinabè", "demonym", ("BFA",)), ("nigérienne", "demonym", ("NER",))]
    ecowas = find(mentions, "ECOWAS")
    assert ecowas.kind == "organisation" and ecowas.organisation == "ECOWAS" and "NGA" in ecowas.countries
    record = find(mentions, "Malian").to_record("a1")
    assert record["lat"] is None and record["iso3"] == "MLI"  # shown by country, not as a fake point


def test_french_region_and_province_names() -> None:
    """The generic word is a cue that sets the feature, not part of the span (issue 11)."""
    mentions = parse("Dans la région de Tillabéri et la province du Soum, les attaques continuent.")
    tillaberi, soum = find(mentions, "Tillabéri"), find(mentions, "Soum")
    assert_at(tillaberi, "adm1:NER-tillaberi", 13.80396, 2.01355)
    assert_at(soum, "adm2:BFA-soum", 14.27218, -1.32426)
    assert any("région de" in reason for reason in tillaberi.reasons)


@pytest.mark.parametrize(("text", "surface", "entry_id"), [
    ("La région de Tombouctou reste sous blocus.", "Tombouctou", "adm1:MLI-timbuktu"),
    ("Des renforts sont arrivés dans la région d'Agadez.", "Agadez", "adm1:NER-agadez"),
    ("Violence spread across the region of Gao.", "Gao", "adm1:MLI-gao"),
    ("Gao Region saw new attacks on Monday.", "Gao", "adm1:MLI-gao"),
    ("The convoy reached Gao on Monday.", "Gao", "gn:2457163"),  # a bare name is the town
    ("Les habitants de la ville de Gao ont manifesté.", "Gao", "gn:2457163"),
])
def test_a_generic_word_sets_the_feature_and_stays_out_of_the_span(text: str, surface: str, entry_id: str) -> None:
    mention = find(parse(text), surface)
    assert mention.surface == surface and text[mention.start:mention.end] == surface
    assert mention.entry is not None and mention.entry.entry_id == entry_id


def test_a_generic_word_that_is_part_of_the_name_stays() -> None:
    assert find(parse("Protests reached the District of Columbia."), "District of Columbia").entry is not None


def test_unknown_places_are_reported_unresolved_not_dropped() -> None:
    mentions = parse("Fighting near the village of Bilanyoungou and in Licking County left many dead.")
    unknown_village = find(mentions, "Bilanyoungou")
    assert unknown_village.kind == "place" and unknown_village.entry is None and not unknown_village.resolved
    assert find(mentions, "Licking County").entry is None
    assert unknown_village.to_record("a1")["lat"] is None


def test_runner_up_candidates_and_confidence() -> None:
    gao = find(parse("Convoys reached Gao on Monday."), "Gao")
    assert_at(gao, "gn:2457163", 16.27167, -0.04472)
    assert 0 < gao.confidence < 1
    assert any(c.entry_id == "adm1:MLI-gao" for c in gao.candidates)  # the region of the same name


@pytest.mark.parametrize("text", ["", "   \n\t", "\x00\x01\x02", "<script>alert('Niamey')</script>",
                                  "\u202eNiamey\u202c", "Ni" * 10_000, "Niamey " * 20_000])
def test_odd_input_never_crashes(text: str) -> None:
    for mention in parse(text):
        assert text[mention.start:mention.end] == mention.surface


def test_a_long_single_line_is_parsed() -> None:
    text = ("Troops moved from Gao to Niamey and on to Ouagadougou " * 40_000)  # about 2 MB, one line
    mentions = parse(text)
    assert len(mentions) == 3 * 40_000


def test_russian_instructors_are_russia_not_wagner() -> None:
    """"Russian instructors" named Wagner in Mali until 2025 and the Africa Corps since: the phrase alone links
    to Russia; the force is counted only when the text names it."""
    mentions = parse("Since April, Russian instructors of the Africa Corps have been stationed in Niamey.")
    organisations = {m.surface: m.organisation for m in mentions if m.kind == "organisation"}
    assert organisations == {"Russian instructors": "RUS-MILITARY", "Africa Corps": "AFRICA-CORPS"}
    assert all(m.countries == ("RUS",) for m in mentions if m.kind == "organisation")
    assert [m.organisation for m in parse("Wagner mercenaries reached Moura.") if m.kind == "organisation"] == \
        ["WAGNER"]


@pytest.mark.parametrize(("text", "surface", "iso3"), [
    ("Des hommes armés ont tué des civils à Diallassagou.", "Diallassagou", "MLI"),
    ("Attaque meurtrière à Dialassagou, dans le centre du pays.", "Dialassagou", "MLI"),  # the other spelling
    ("Gunmen struck Tin-Akoff and Markoye near Gorom-Gorom.", "Markoye", "BFA"),
    ("Gunmen struck Tin-Akoff and Markoye near Gorom-Gorom.", "Tin-Akoff", "BFA"),
    ("The Essakane gold mine was attacked on Sunday.", "Essakane", "BFA"),
    ("Un convoi a été pris en embuscade près d'Aguelhok.", "Aguelhok", "MLI"),
])
def test_localities_of_security_reporting_are_known(text: str, surface: str, iso3: str) -> None:
    mention = find(parse(text), surface)
    assert mention.entry is not None and mention.entry.iso3 == iso3


def test_the_same_name_after_different_generics_resolves_each_time() -> None:
    """Two mentions with the same word before and after ("de … et") but different generics ("ville de",
    "région de") must not share one resolution (the per-article cache keys on the generic too)."""
    mentions = parse("Des renforts ont quitté la ville de Tombouctou et la région de Tombouctou et sont partis.")
    assert [m.entry.feature for m in mentions if m.surface == "Tombouctou"] == ["city", "region"]


def test_a_resolved_mention_says_why_it_beat_the_runner_up() -> None:
    found = {m.surface: m for m in parse("Gunmen attacked Boni, in central Mali, near the town of Hombori.")}
    boni = found["Boni"]
    assert boni.entry is not None and boni.entry.iso3 == "MLI" and boni.candidates[0].iso3 != "MLI"
    assert "in MLI, a country this text names" in boni.reasons
    assert any(reason.endswith("km from Hombori in the same text") for reason in boni.reasons)
    record = boni.to_record("a")
    assert "km from Hombori" in str(record["reasons"]) and str(record["runner_up"]).startswith("Boni (")


def test_a_place_introduced_under_another_spelling_is_found_saying_so() -> None:
    from geo.geoparse.gazetteer import default_gazetteer
    from geo.geoparse.parser import Geoparser
    from geo.geoparse.spelling import SpellingIndex
    from geo.geoparse.unknown import UnknownPlaces

    text = "Des renforts sont arrivés dans la ville de Menakka. Gunmen were seen near the town of Menakka."
    found = [m for m in parse(text) if m.surface == "Menakka"]
    assert len(found) == 2 and all(m.entry is not None and m.entry.name == "Ménaka" for m in found)
    assert all("spelled 'Menakka' here, 'Ménaka' in the gazetteer" in m.reasons[-1] for m in found)
    without = Geoparser(default_gazetteer())
    without.unknown_places = UnknownPlaces(None)  # the rule switched off: listed, but unresolved
    assert [m.entry for m in without.parse(text) if m.surface == "Menakka"] == [None, None]
    index = SpellingIndex(default_gazetteer())
    assert index.lookup("Paaris") is None  # only places of Mali, Burkina Faso and Niger


def test_a_place_written_before_its_region_lies_in_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """resolution._resolve_containers: "Parkland, Florida" is the Florida one (GeoNames has a larger Parkland in
    Washington state), and so is the text's later "Parkland"; switched off, both go to Washington."""
    from geo.geoparse import resolution

    text = "The school shooting in Parkland, Florida shocked the nation. The Parkland students marched."

    def parkland_states() -> list[tuple[str, float]]:
        return [(m.entry.iso3, round(m.entry.lat)) for m in parse(text) if m.surface == "Parkland" and m.entry]

    assert parkland_states() == [("USA", 26), ("USA", 26)]  # Parkland, Florida: 26.3 N
    first = next(m for m in parse(text) if m.surface == "Parkland")
    assert "in Florida, written right after it" in first.reasons
    monkeypatch.setattr(resolution, "_resolve_containers", lambda sites, scored: None)
    assert parkland_states() == [("USA", 47), ("USA", 47)]  # Parkland, Washington: 47.2 N


def test_an_apposition_after_a_country_is_not_its_container() -> None:
    """"the capital of Mali, Bamako": Mali stays the country (not a village named Mali near Bamako)."""
    text = "The summit takes place in the capital of Mali, Bamako, on Saturday."
    mali = next(m for m in parse(text) if m.surface == "Mali")
    assert mali.entry is not None and mali.entry.entry_id == "ne:MLI"
