"""The curated Sahel localities (data/gazetteer/places_written.csv): every row is a sourced fact that lies in its
stated country, and the localities added for security reporting resolve through the real parser in English and
French sentences written for this test (not taken from any benchmark or gold passage)."""

from __future__ import annotations

import csv

import pytest

from geo.geodesy import distance_km
from geo.geoparse.gazetteer import default_gazetteer
from geo.geoparse.parser import parse
from geo.resources import GAZETTEER_DIR

# A border locality may fall just outside the generalised (1:10m) border; 25 km catches a wrong country or
# swapped/negated coordinates (a sign error in the Sahel moves a point by hundreds of kilometres).
BORDER_TOLERANCE_M = 25_000
# Rows in countries outside data/boundaries/countries.geojson (the British nations, nominal area points) are
# checked against that country's own gazetteer entry instead of a polygon.
NOMINAL_COUNTRY_KM = 600


def written_rows() -> list[dict[str, str]]:
    with (GAZETTEER_DIR / "places_written.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = written_rows()


def test_every_row_cites_its_source() -> None:
    for row in ROWS:
        source, verified = row["source"].strip(), row["verified"]
        assert source, row["id"]
        assert verified in ("yes", "partial", "no"), row["id"]
        if verified == "yes":  # coordinates taken from a page: the page is cited by its address
            assert "http://" in source or "https://" in source, row["id"]
        elif verified == "partial":  # a page, or a checked shared reference file
            assert "http" in source or "/work/shared/" in source, row["id"]
        if "http" not in source:  # no page behind it: it must not claim to be verified
            assert verified != "yes", row["id"]


def test_ids_unique_and_features_known() -> None:
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids))
    features = {"town", "village", "camp", "base", "forest", "well", "border_post", "mine", "airport", "area",
                "river", "lake", "sea", "landmark"}
    assert {row["feature"] for row in ROWS} <= features


def test_every_row_lies_in_its_country() -> None:
    import geopandas as gpd

    from geo.facts import boundaries

    countries = boundaries.load_countries().set_index("iso3").to_crs(3857).geometry
    gaz = default_gazetteer()
    checked = 0
    for row in ROWS:
        iso3, lat, lon = row["iso3"], float(row["lat"]), float(row["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, row["id"]
        if not iso3:  # multi-country areas, seas, rivers and lakes carry no country
            continue
        if iso3 in countries.index:
            point = gpd.GeoSeries.from_xy([lon], [lat], crs=4326).to_crs(3857).iloc[0]
            assert countries.loc[iso3].distance(point) < BORDER_TOLERANCE_M, (row["id"], iso3, lat, lon)
        else:
            assert f"ne:{iso3}" in gaz, row["id"]
            country = gaz.get(f"ne:{iso3}")
            assert distance_km(lat, lon, country.lat, country.lon) < NOMINAL_COUNTRY_KM, row["id"]
        checked += 1
    assert checked >= 130


# Localities of security and political reporting added to the curated file, each with a sentence of our own in
# English and in French.  The expected entry is the curated one, not a homonym elsewhere.
SENTENCES = [
    ("fact:indelimane", "Gunmen stormed the army camp at Indelimane before dawn.",
     "Des hommes armés ont pris d'assaut le camp d'Indelimane avant l'aube."),
    ("fact:assamaka", "Hundreds of expelled migrants are stranded in Assamaka.",
     "Des centaines de migrants refoulés attendent à Assamaka."),
    ("fact:dioura", "Soldiers were killed when militants overran the post in Dioura.",
     "Des soldats ont été tués lors de l'attaque du poste de Dioura."),
    ("fact:inata", "The gendarmerie detachment at Inata had run out of food.",
     "Le détachement de gendarmerie d'Inata manquait de vivres."),
    ("fact:tougouri", "Displaced families walked from Tougouri to Kaya.",
     "Des familles déplacées ont quitté Tougouri pour Kaya."),
    ("fact:agadem", "Crude from Agadem flows south through the pipeline.",
     "Le brut d'Agadem part vers le sud par l'oléoduc."),
    ("fact:tambao", "The junta promised to reopen the road to Tambao.",
     "La junte a promis de rouvrir la route de Tambao."),
    ("fact:karou", "Villagers in Karou buried their dead on Monday.",
     "Les habitants de Karou ont enterré leurs morts lundi."),
    ("fact:inkadogotane", "Eight soldiers were found dead near Inkadogotane.",
     "Huit soldats ont été retrouvés morts près d'Inkadogotane."),
    ("fact:ouatagouna", "Dozens of villagers were killed in an attack on Ouatagouna.",
     "Des dizaines de villageois ont été tués lors d'une attaque contre Ouatagouna."),
    ("fact:talataye", "Militants overran Talataye after days of fighting.",
     "Les combattants ont pris Talataye après plusieurs jours de combats."),
    ("fact:toguere-coumbe", "The gendarmerie post of Toguéré Coumbé was attacked at night.",
     "Le poste de gendarmerie de Toguéré Coumbé a été attaqué de nuit."),
    ("fact:toumour", "Boko Haram fighters raided Toumour and burned the market.",
     "Des combattants de Boko Haram ont attaqué Toumour et incendié le marché."),
    ("fact:kablewa", "Displaced families sheltered in the camp near Kabléwa.",
     "Des familles déplacées se sont abritées dans le camp près de Kabléwa."),
    ("fact:kantchari", "Trucks waited for an escort at Kantchari on the road to Niamey.",
     "Les camions attendaient une escorte à Kantchari sur la route de Niamey."),
    ("fact:nongofaire", "Residents of Nongofaire fled after the attack.",
     "Les habitants de Nongofaire ont fui après l'attaque."),
    ("fact:labbezanga", "Gunmen attacked the army post at Labbezanga near the Niger border.",
     "Des hommes armés ont attaqué le poste de Labbezanga, près de la frontière nigérienne."),
    ("fact:fambita", "Worshippers were killed in the mosque of Fambita during Friday prayers.",
     "Des fidèles ont été tués dans la mosquée de Fambita pendant la prière du vendredi."),
    ("fact:bani-bfa", "Gunmen attacked the village of Bani, near Dori, on Saturday.",
     "Des hommes armés ont attaqué le village de Bani, près de Dori, samedi."),
    ("fact:bouka-were", "A convoy was ambushed at Bouka Weré, south-east of Diabaly.",
     "Un convoi est tombé dans une embuscade à Bouka Weré, au sud-est de Diabaly."),
    # The GeoNames-sourced villages of the 2026-12-04 supplement (our own sentences)
    ("fact:ogossagou", "Survivors of the Ogossagou massacre asked for justice.",
     "Les rescapés du massacre d'Ogossagou réclament justice."),
    ("fact:farabougou", "Farmers in Farabougou could not reach their fields for months.",
     "Les paysans de Farabougou n'ont pas pu rejoindre leurs champs pendant des mois."),
    ("fact:tongomayel", "Residents fled Tongomayel after the attack on the market.",
     "Les habitants ont fui Tongomayel après l'attaque du marché."),
    ("fact:zibane", "Gunmen on motorbikes killed villagers in Zibane.",
     "Des hommes armés à moto ont tué des villageois à Zibane."),
    ("fact:kwala", "The army camp at Kwala was attacked overnight.",
     "Le camp militaire de Kwala a été attaqué dans la nuit."),
    ("fact:seguenega", "A convoy left Séguénéga for Ouahigouya under escort.",
     "Un convoi a quitté Séguénéga pour Ouahigouya sous escorte."),
    ("fact:anefis", "Troops regrouped in Anéfis before moving on Kidal.",
     "Les troupes se sont regroupées à Anéfis avant de marcher sur Kidal."),
]


@pytest.mark.parametrize("entry_id, english, french", SENTENCES, ids=[s[0] for s in SENTENCES])
def test_new_localities_resolve_in_english_and_french(entry_id: str, english: str, french: str) -> None:
    name = default_gazetteer().get(entry_id).name
    for sentence in (english, french):
        places = [m for m in parse(sentence) if m.kind == "place" and m.surface == name]
        assert places, (sentence, [(m.surface, m.kind) for m in parse(sentence)])
        assert places[0].entry is not None and places[0].entry.entry_id == entry_id, (sentence, places[0])


def test_alternate_spellings_reach_the_same_entry() -> None:
    for spelling, entry_id in [("Assamakka", "fact:assamaka"), ("Indéliman", "fact:indelimane"),
                               ("Perkouan", "fact:perkoa"), ("mine d'or de Morila", "fact:morila"),
                               ("Tinzaouaten", "fact:tinzaouaten"),  # the town, not its commune
                               ("Tinzawaten", "adm3:MLI-tinzawatene-359808")]:
        mentions = [m for m in parse(f"Reports came from {spelling} on Tuesday.") if m.kind == "place"]
        assert any(m.entry is not None and m.entry.entry_id == entry_id for m in mentions), (spelling, mentions)
