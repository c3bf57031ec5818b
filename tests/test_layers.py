"""Layer facts (data/layers/) and the "as of date D" answers, on the real files."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.facts import forces as force_facts
from geo.facts import memberships as membership_facts
from geo.facts import written
from geo.facts.boundaries import load_countries

D = dt.date


@pytest.fixture(scope="module")
def memberships() -> pd.DataFrame:
    return membership_facts.load_memberships()


@pytest.fixture(scope="module")
def forces() -> pd.DataFrame:
    return force_facts.load_forces()


def status_of(org: str, iso3: str, day: dt.date) -> str:
    table = membership_facts.membership_status(org, day).set_index("iso3")
    return str(table.loc[iso3, "status"])


def site_ids(day: dt.date, **kwargs: object) -> set[str]:
    return set(force_facts.force_sites(day, **kwargs)["site_id"])  # type: ignore[arg-type]


# --- schema of the written facts -------------------------------------------------------------------------

@pytest.mark.parametrize("frame_name", ["memberships", "forces"])
def test_every_row_has_a_url_source_and_a_known_verified_value(frame_name: str, request: pytest.FixtureRequest) -> None:
    frame = request.getfixturevalue(frame_name)
    for _, row in frame.iterrows():
        urls = [u for u in row["source"].split(" ; ") if u]
        assert urls and all(u.startswith(("http://", "https://")) for u in urls), row.to_dict()
        assert row["verified"] in {"yes", "partial", "no"}


def test_membership_dates_parse_and_windows_are_ordered(memberships: pd.DataFrame) -> None:
    assert memberships["date_from"].notna().all()
    assert (memberships["date_to"] >= memberships["date_from"]).all()
    assert set(memberships["org"]) == {"AES", "ECOWAS", "G5S", "ALG"}
    # 76 reference rows, Mali's 2020 sanctions/reinstatement split in two, 3 reinstatements added.
    assert len(memberships) == 80


def test_status_column_follows_the_event(memberships: pd.DataFrame) -> None:
    for _, row in memberships.iterrows():
        assert row["status_after"] == membership_facts.STATUS_AFTER_EVENT.get(row["event"], "")


def test_force_dates_parse_and_no_end_before_start(forces: pd.DataFrame) -> None:
    known_start = forces[forces["start"] != ""]
    assert known_start["start_from"].notna().all()
    both = forces[(forces["start"] != "") & (forces["end"] != "")]
    assert (both["end_from"] >= both["start_from"]).all()
    assert (forces.loc[forces["end"] != "", "end_to"] >= forces.loc[forces["end"] != "", "end_from"]).all()
    assert forces["site_id"].is_unique


def test_coordinates_have_a_precision_and_a_source(forces: pd.DataFrame) -> None:
    located = forces[forces["lat"].notna()]
    assert (located["coord_source"] != "").all()
    assert (~located["coord_precision"].isin(["", "unknown"])).all()
    assert (forces.loc[forces["lat"].isna(), "coord_precision"] == "unknown").all()


def test_sites_lie_in_the_country_they_claim(forces: pd.DataFrame) -> None:
    located = forces[forces["lat"].notna()]
    points = gpd.GeoDataFrame(located, geometry=gpd.points_from_xy(located["lon"], located["lat"]), crs="EPSG:4326")
    countries = load_countries()[["iso3", "geometry"]].rename(columns={"iso3": "found_iso3"})
    joined = gpd.sjoin(points, countries, how="left", predicate="within")
    wrong = joined[joined["found_iso3"] != joined["country_iso3"]]
    assert wrong.empty, wrong[["site_id", "country_iso3", "found_iso3"]].to_dict("records")


def test_every_membership_country_has_a_boundary(memberships: pd.DataFrame) -> None:
    iso3 = set(memberships["iso3"]) - {""}
    assert iso3 <= set(load_countries()["iso3"])


def test_bad_rows_are_rejected_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "memberships.csv"
    shutil.copy(membership_facts.MEMBERSHIPS_CSV, bad)
    lines = bad.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("2023-09-16", "2023-16-09", 1)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"memberships\.csv line 4: date"):
        membership_facts.load_memberships(bad)


def test_a_row_without_source_is_rejected(tmp_path: Path) -> None:
    frame = pd.read_csv(force_facts.FORCES_CSV, dtype=str, keep_default_na=False)
    frame.loc[5, "source"] = ""
    bad = tmp_path / "forces.csv"
    frame.to_csv(bad, index=False)
    with pytest.raises(ValueError, match=r"forces\.csv line 7: no source"):
        force_facts.load_forces(bad)


def test_an_end_before_the_start_is_rejected(tmp_path: Path) -> None:
    frame = pd.read_csv(force_facts.FORCES_CSV, dtype=str, keep_default_na=False)
    row = frame.index[frame["site_id"] == "fra-niamey-bap"][0]
    frame.loc[row, ["end", "end_precision"]] = ["2012-05-01", "day"]
    bad = tmp_path / "forces.csv"
    frame.to_csv(bad, index=False)
    with pytest.raises(ValueError, match="is before start"):
        force_facts.load_forces(bad)


def test_written_dates_mean_a_window() -> None:
    assert written.date_bounds("2000-12") == (D(2000, 12, 1), D(2000, 12, 31))
    assert written.date_bounds("2024-02") == (D(2024, 2, 1), D(2024, 2, 29))
    assert written.date_bounds("2023-11-29/2023-12-03") == (D(2023, 11, 29), D(2023, 12, 3))
    with pytest.raises(ValueError):
        written.date_bounds("2009/2008")


# --- memberships as of a date -----------------------------------------------------------------------------

def test_aes_founders_on_the_charter_day() -> None:
    assert membership_facts.members("AES", D(2023, 9, 16)) == ["BFA", "MLI", "NER"]
    assert membership_facts.members("AES", D(2023, 9, 15)) == []
    assert status_of("AES", "MLI", D(2023, 9, 15)) == "not_yet_member"


def test_togo_and_chad_statements_do_not_make_aes_members() -> None:
    status = membership_facts.membership_status("AES", D(2026, 2, 1))
    assert set(status["iso3"]) == {"MLI", "BFA", "NER"}
    assert set(status["status"]) == {"member"}


def test_ecowas_after_the_aes_exit() -> None:
    status = membership_facts.membership_status("ECOWAS", D(2025, 2, 1)).set_index("iso3")
    assert set(status.loc[["MLI", "BFA", "NER"], "status"]) == {"withdrawn"}
    ecowas = membership_facts.members("ECOWAS", D(2025, 2, 1))
    assert not {"MLI", "BFA", "NER"} & set(ecowas)
    assert {"NGA", "SEN", "GHA", "CPV"} <= set(ecowas)
    assert "MRT" not in ecowas


def test_withdrawal_announced_leaves_the_status_until_it_takes_effect() -> None:
    row = membership_facts.membership_status("ECOWAS", D(2024, 6, 1)).set_index("iso3").loc["MLI"]
    assert row["status"] == "suspended"
    assert row["latest_event"] == "withdraw_announced"


def test_niger_2023_sanctions_are_not_a_suspension() -> None:
    assert status_of("ECOWAS", "NER", D(2023, 8, 15)) == "member"
    assert status_of("ECOWAS", "NER", D(2023, 12, 15)) == "suspended"
    assert status_of("ECOWAS", "NER", D(2023, 12, 9)) == "member"


def test_guinea_suspension_and_reintegration() -> None:
    assert status_of("ECOWAS", "GIN", D(2025, 6, 1)) == "suspended"
    assert status_of("ECOWAS", "GIN", D(2026, 2, 1)) == "member"
    assert "GIN" in membership_facts.members("ECOWAS", D(2025, 6, 1))
    assert "GIN" not in membership_facts.active_members("ECOWAS", D(2025, 6, 1))


def test_mauritania_left_ecowas_in_2000() -> None:
    assert status_of("ECOWAS", "MRT", D(2001, 6, 1)) == "withdrawn"
    assert status_of("ECOWAS", "MRT", D(1999, 12, 31)) == "member"
    # The month is known, the day is not: December 2000 is uncertain.
    row = membership_facts.membership_status("ECOWAS", D(2000, 12, 10)).set_index("iso3").loc["MRT"]
    assert row["status"] == "withdrawn" and not row["certain"]


def test_mali_2020_ambiguous_reinstatement_is_marked_partial() -> None:
    row = membership_facts.membership_status("ECOWAS", D(2021, 1, 1)).set_index("iso3").loc["MLI"]
    assert (row["status"], row["event"], row["verified"]) == ("member", "reinstate", "partial")
    assert status_of("ECOWAS", "MLI", D(2021, 6, 1)) == "suspended"


def test_g5_sahel_dissolved() -> None:
    status = membership_facts.membership_status("G5 Sahel", D(2024, 1, 1)).set_index("iso3")
    assert set(status.loc[["MRT", "TCD"], "status"]) == {"dissolved"}
    assert set(status.loc[["MLI", "BFA", "NER"], "status"]) == {"withdrawn"}
    assert membership_facts.members("G5S", D(2024, 1, 1)) == []
    assert membership_facts.members("G5S", D(2020, 1, 1)) == ["BFA", "MLI", "MRT", "NER", "TCD"]


def test_imprecise_withdrawal_is_uncertain_inside_its_window() -> None:
    inside = membership_facts.membership_status("G5S", D(2023, 12, 1)).set_index("iso3").loc["BFA"]
    after = membership_facts.membership_status("G5S", D(2023, 12, 4)).set_index("iso3").loc["BFA"]
    assert inside["status"] == "withdrawn" and not inside["certain"]
    assert after["status"] == "withdrawn" and after["certain"]


def test_unknown_org_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown organisation"):
        membership_facts.membership_status("NATO", D(2024, 1, 1))


# --- force sites as of a date -----------------------------------------------------------------------------

def test_french_niamey_base_until_december_2023() -> None:
    assert "fra-niamey-bap" in site_ids(D(2023, 9, 16))
    assert "fra-niamey-bap" in site_ids(D(2023, 12, 22))
    assert "fra-niamey-bap" not in site_ids(D(2024, 1, 1))


def test_german_niamey_hub_closed_end_of_august_2024() -> None:
    assert "deu-niamey-ltsp" in site_ids(D(2024, 6, 1), operators=["Germany"])
    assert "deu-niamey-ltsp" not in site_ids(D(2024, 9, 1), operators=["Germany"])


def test_africa_corps_arrives_in_niamey_april_2024() -> None:
    assert "rus-africa-corps-niamey" in site_ids(D(2024, 5, 1), operators=["RUS"])
    assert "rus-africa-corps-niamey" not in site_ids(D(2024, 3, 1), operators=["RUS"])


def test_presence_is_uncertain_inside_an_imprecise_start() -> None:
    def presence(day: dt.date) -> str:
        sites = force_facts.force_sites(day, operators=["France"]).set_index("site_id")
        return str(sites.loc["fra-niamey-bap", "presence"])  # start written "2013"

    assert presence(D(2013, 6, 1)) == "uncertain"
    assert presence(D(2014, 6, 1)) == "certain"
    assert "fra-niamey-bap" not in site_ids(D(2012, 12, 31))


def test_presence_is_uncertain_inside_an_imprecise_end() -> None:
    kidal = force_facts.force_sites(D(2021, 10, 20), operators=["France"]).set_index("site_id").loc["fra-kidal"]
    assert kidal["presence"] == "uncertain" and "imprecise end" in kidal["presence_basis"]
    assert "fra-kidal" not in site_ids(D(2021, 11, 1))


def test_unknown_start_is_shown_up_to_the_end_and_flagged() -> None:
    faya = force_facts.force_sites(D(2024, 12, 1), operators=["France"]).set_index("site_id").loc["fra-faya-largeau"]
    assert faya["presence"] == "uncertain" and "start unknown" in faya["presence_basis"]
    assert "fra-faya-largeau" not in site_ids(D(2024, 12, 27))


def test_include_unlocated() -> None:
    day = D(2025, 12, 1)
    located = force_facts.force_sites(day)
    everything = force_facts.force_sites(day, include_unlocated=True)
    assert "rus-africa-corps-mali" not in set(located["site_id"])
    assert "rus-africa-corps-mali" in set(everything["site_id"])
    assert located.geometry.notna().all()
    assert everything.loc[everything["site_id"] == "rus-africa-corps-mali", "geometry"].isna().all()
    assert everything.crs is not None and everything.crs.to_epsg() == 4326


def test_operator_filter_and_list() -> None:
    ops = force_facts.list_operators()
    assert {"France", "USA", "Germany", "Russia", "UN", "EU"} <= set(ops)
    french = force_facts.force_sites(D(2020, 1, 1), operators=["france"])
    assert not french.empty and set(french["operator"]) == {"France"}
    with pytest.raises(ValueError, match="unknown operator"):
        force_facts.force_sites(D(2020, 1, 1), operators=["Atlantis"])


def test_french_forces_on_the_atlantic_coast_until_their_handovers() -> None:
    def french(day: dt.date) -> set[str]:
        return set(force_facts.force_sites(day, operators=["France"])["country_iso3"])

    assert {"SEN", "CIV"} <= french(dt.date(2023, 9, 16))
    assert "CIV" in french(dt.date(2025, 2, 20)) and "CIV" not in french(dt.date(2025, 2, 21))
    assert "SEN" in french(dt.date(2025, 7, 17)) and "SEN" not in french(dt.date(2025, 7, 18))


def test_a_site_with_no_end_says_why_it_is_open(forces: pd.DataFrame) -> None:
    """An end that is not "ongoing" but simply unknown must say why no end is on record."""
    unknown = forces[(forces["end"].fillna("") == "") & (forces["end_precision"] == "unknown")]
    assert not unknown.empty
    for _, row in unknown.iterrows():
        note = str(row["date_note"])
        assert "why open" in note or "planned" in note, row["site_id"]
