"""The committed gazetteer (data/gazetteer/) and its runtime library (geo/geoparse/gazetteer.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geo.geodesy import distance_km
from geo.geoparse.gazetteer import Entry, Gazetteer, default_gazetteer, normalise_name
from geo.resources import GAZETTEER_DIR

# Reference coordinates from /work/shared/reference/places.csv (each row cites its page there):
# Bamako 12.63917,-8.00278 (wiki.richxsearch.com, Bamako); Ouagadougou 12.36861,-1.5275 (ha.wikipedia.org);
# Niamey 13.515,2.1175 (simple.m.wikipedia.org); N'Djamena 12.13472,15.05583 (howlingpixel.com, N'Djamena).
REFERENCE_CAPITALS = {
    "Bamako": ("MLI", 12.63917, -8.00278),
    "Ouagadougou": ("BFA", 12.36861, -1.5275),
    "Niamey": ("NER", 13.515, 2.1175),
    "N'Djamena": ("TCD", 12.13472, 15.05583),
}
WRITTEN_FILES = ("places_written.csv", "names_written.csv", "demonyms.csv", "organisations.csv")


def read(name: str) -> list[dict[str, str]]:
    with (GAZETTEER_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def test_normalise_name() -> None:
    assert normalise_name("  TILLABÉRI ") == "tillaberi"
    assert normalise_name("N’Djaména") == normalise_name("N'Djamena") == "n'djamena"
    assert normalise_name("Gourma–Rharous") == normalise_name("gourma rharous")
    assert normalise_name("Côte d`Ivoire") == "cote d'ivoire"
    assert normalise_name("Ouaga\u00a0 dougou") == "ouaga dougou"


@pytest.mark.parametrize("name", sorted(REFERENCE_CAPITALS))
def test_capitals_near_reference(gaz: Gazetteer, name: str) -> None:
    iso3, lat, lon = REFERENCE_CAPITALS[name]
    best = gaz.lookup(name)[0]
    assert best.feature == "capital" and best.iso3 == iso3
    assert distance_km(best.lat, best.lon, lat, lon) < 10


@pytest.mark.parametrize(
    ("spellings", "iso3"),
    [
        (("TILLABÉRI", "tillaberi", "Tillabéry"), "NER"),
        (("Ségou", "Segou", "SEGOU"), "MLI"),
        (("N'Djamena", "N’Djaména", "Ndjamena"), "TCD"),
        (("Tombouctou", "Timbuktu"), "MLI"),
    ],
)
def test_spelling_variants_resolve(gaz: Gazetteer, spellings: tuple[str, ...], iso3: str) -> None:
    results = [gaz.lookup(s) for s in spellings]
    assert all(r and r[0].iso3 == iso3 for r in results), spellings
    # Every spelling reaches the same populated place.
    places = [{e.id for e in r if e.feature in ("city", "capital")} for r in results]
    assert set.intersection(*places)


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Tchad", "TCD"), ("Côte d'Ivoire", "CIV"), ("Cote d’Ivoire", "CIV"), ("Ivory Coast", "CIV"),
     ("Burkina", "BFA"), ("Mauritanie", "MRT"), ("Algérie", "DZA"), ("États-Unis", "USA"), ("Russie", "RUS"),
     ("Niger", "NER"), ("Mali", "MLI")],
)
def test_country_names(gaz: Gazetteer, name: str, iso3: str) -> None:
    best = gaz.lookup(name)[0]
    assert (best.id, best.feature) == (f"ne:{iso3}", "country")


def test_every_country_with_english_and_french_names(gaz: Gazetteer) -> None:
    countries = gaz.countries()
    assert len(countries) == 250
    kinds: dict[str, set[str]] = {}
    for row in read("names.csv"):
        if row["id"].startswith("ne:"):
            kinds.setdefault(row["id"], set()).add(row["kind"])
    for country in countries:
        assert "name" in kinds[country.id], country.id
    # A French name is stored as kind 'fr' unless it normalises to the English key ("Mali", "Niger").
    assert sum("fr" in k for k in kinds.values()) >= 150


def test_world_capitals(gaz: Gazetteer) -> None:
    capitals = [e for e in (gaz.get(i) for i in _ids(gaz)) if e.feature == "capital"]
    assert len(capitals) >= 240
    for name, iso3 in [("Paris", "FRA"), ("Moscow", "RUS"), ("Moscou", "RUS"), ("Washington", "USA"),
                       ("Abuja", "NGA"), ("Algiers", "DZA"), ("Alger", "DZA"), ("London", "GBR"),
                       ("Beijing", "CHN"), ("Ankara", "TUR"), ("Kyiv", "UKR"), ("Berlin", "DEU")]:
        best = gaz.lookup(name)[0]
        assert (best.feature, best.iso3) == ("capital", iso3), name


def test_world_cities(gaz: Gazetteer) -> None:
    assert gaz.lookup("Toulon")[0].iso3 == "FRA"
    assert any(e.iso3 == "NGA" and e.population > 1_000_000 for e in gaz.lookup("Lagos"))


def test_regions_present(gaz: Gazetteer) -> None:
    gao = [e for e in gaz.lookup("Gao") if e.feature == "region"]
    assert [e.id for e in gao] == ["adm1:MLI-gao"]
    assert gaz.get("adm1:NER-tillaberi").iso3 == "NER"


@pytest.mark.parametrize(
    "name", ["Inatès", "Inates", "Dirkou", "Banibangou", "Hombori", "Nampala", "In-Gall", "Ingall", "Solhan",
             "Tongo Tongo", "Gossi", "Barsalogho", "Madama", "Sévaré"],
)
def test_written_places(gaz: Gazetteer, name: str) -> None:
    written = [e for e in gaz.lookup(name) if e.id.startswith("fact:")]
    assert written and written[0].source.strip()


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [("Niger River", "fact:niger-river"), ("fleuve Niger", "fact:niger-river"), ("Lake Chad", "fact:lake-chad"),
     ("Lac Tchad", "fact:lake-chad"), ("trois frontières", "fact:tri-border-area"),
     ("three borders", "fact:tri-border-area"), ("Liptako-Gourma", "fact:liptako-gourma"),
     ("Air Base 101", "fact:niamey-airport"), ("Air Base 201", "fact:agadez-air-base-201"),
     ("Gao airport", "fact:gao-airport"), ("West Africa", "fact:west-africa"), ("Sahara", "fact:sahara")],
)
def test_written_features(gaz: Gazetteer, name: str, entry_id: str) -> None:
    assert entry_id in [e.id for e in gaz.lookup(name)]


def test_lookup_order_and_misses(gaz: Gazetteer) -> None:
    niger = gaz.lookup("niger")
    assert niger[0].id == "ne:NER"
    assert gaz.lookup("Xyzzyville") == []
    assert gaz.lookup("") == []
    with pytest.raises(KeyError):
        gaz.get("gn:0")


@pytest.mark.parametrize(
    ("word", "iso3"),
    [("Malian", ["MLI"]), ("maliennes", ["MLI"]), ("burkinabé", ["BFA"]), ("Burkinabe", ["BFA"]),
     ("Nigerien", ["NER"]), ("nigérienne", ["NER"]), ("Nigerian", ["NGA"]), ("French", ["FRA"]),
     ("française", ["FRA"]), ("Russian", ["RUS"]), ("Chadian", ["TCD"]), ("European", []), ("table", [])],
)
def test_demonyms(gaz: Gazetteer, word: str, iso3: list[str]) -> None:
    assert gaz.demonym(word) == iso3


def test_european_is_an_organisation(gaz: Gazetteer) -> None:
    assert gaz.demonym_organisation("européens") == "EU"
    assert gaz.demonym_organisation("Malian") is None


def test_organisations(gaz: Gazetteer) -> None:
    ecowas = gaz.organisation("ECOWAS")
    assert ecowas is not None and gaz.organisation("CEDEAO") is ecowas
    aes = gaz.organisation("Alliance des États du Sahel")
    assert aes is not None and set(aes.members) == {"MLI", "BFA", "NER"}
    assert gaz.organisation("Confederation of Sahel States") is aes
    assert gaz.organisation("otan") is gaz.organisation("NATO")
    assert gaz.organisation("ISGS") is gaz.organisation("Islamic State Sahel Province")
    assert gaz.organisation("nothing of the sort") is None
    for organisation in gaz.organisations():
        if organisation.hq_entry:
            assert organisation.hq_entry in gaz, organisation.id
    assert gaz.get(ecowas.hq_entry).name == "Abuja"


@pytest.mark.parametrize("name", WRITTEN_FILES)
def test_written_rows_have_a_source(name: str) -> None:
    rows = read(name)
    assert rows
    assert all(row["source"].strip() for row in rows)


def test_ids_unique_and_coordinates_in_range() -> None:
    rows = read("entries.csv")
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)
    for row in rows:
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row["id"]
    organisation_ids = [row["id"] for row in read("organisations.csv")]
    assert len(organisation_ids) == len(set(organisation_ids))


def test_names_file_is_normalised_and_sorted() -> None:
    rows = read("names.csv")
    keys = [(row["key"], row["id"], row["kind"]) for row in rows]
    assert keys == sorted(keys)
    assert all(normalise_name(key) == key for key, _, _ in keys)


def test_written_places_inside_their_country() -> None:
    import geopandas as gpd

    from geo.facts import boundaries

    countries = boundaries.load_countries().set_index("iso3")
    # Places in the covered countries (the Sahel's towns, bases, airports) are checked against the borders.
    written = [row for row in read("places_written.csv") if row["iso3"] in countries.index]
    assert len(written) >= 20
    points = gpd.GeoSeries.from_xy(
        [float(r["lon"]) for r in written], [float(r["lat"]) for r in written], crs=4326
    )
    # A border town (In Khalil, on the Mali-Algeria line) may fall just outside the generalised (1:10m)
    # border: within 5 km counts, anything further is a wrong country or swapped coordinates.
    metric = countries.to_crs(3857).geometry
    for row, point in zip(written, points.to_crs(3857)):
        assert metric.loc[row["iso3"]].distance(point) < 5_000, row["id"]


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="entries.csv"):
        Gazetteer.load(tmp_path)


def test_malformed_file_is_a_clear_error(tmp_path: Path) -> None:
    for name in ("entries.csv", "names.csv", "demonyms.csv", "organisations.csv"):
        (tmp_path / name).write_bytes((GAZETTEER_DIR / name).read_bytes())
    (tmp_path / "names.csv").write_text("key,id,kind\nbamako,gn:999999999,name\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not in entries.csv"):
        Gazetteer.load(tmp_path)
    (tmp_path / "entries.csv").write_text("id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="entries.csv"):
        Gazetteer.load(tmp_path)


def test_entry_is_frozen(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Bamako")[0]
    assert isinstance(entry, Entry)
    with pytest.raises(AttributeError):
        entry.name = "x"  # type: ignore[misc]


def _ids(gaz: Gazetteer) -> set[str]:
    return {i for _, ids in gaz.names() for i in ids}
