"""`python -m geo mentions` and the mentions table, on real files through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd

from geo.text.readers import article_from_text
from geo.geoparse.table import mentions_table
from tests.conftest import REPO_ROOT


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", "mentions", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=300)


def test_mentions_table_has_points_and_rows_for_everything() -> None:
    article = article_from_text("Malian troops reached Gao. ECOWAS met in Abuja near the village of Bilanyoungou.",
                                title="t")
    table = mentions_table([article])
    assert list(table["surface"]) == ["Malian", "Gao", "ECOWAS", "Abuja", "Bilanyoungou"]
    assert table.crs.to_epsg() == 4326
    points = table[table.geometry.notna()]
    assert list(points["surface"]) == ["Gao", "Abuja"]  # demonym, organisation and unresolved: no fake point
    assert table.loc[table.surface == "Bilanyoungou", "resolved"].item() is False
    assert set(table["article"]) == {article.id}


def test_cli_reads_files_and_folders_and_reports_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Convoys left Niamey for Agadez.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><script>var x='Paris';</script><p>Bamako &amp; Mopti</p></body>"
                                     "</html>", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run_cli(str(tmp_path), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["surface"] for r in records] == ["Niamey", "Agadez", "Bamako", "Mopti"]  # no 'Paris' from the script
    for record in records:
        for field in ("article", "start", "end", "surface", "kind", "name", "feature", "lat", "lon", "iso3",
                      "gazetteer_id", "confidence"):
            assert field in record
    assert "bad.txt" in result.stderr


def test_cli_jsonl_input_to_geojson_file(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "x1", "text": "Attack in Djibo, Burkina."}\nnot json\n', encoding="utf-8")
    out = tmp_path / "out.geojson"
    result = run_cli("--input-jsonl", str(source), "--format", "geojson", "--out", str(out))
    assert result.returncode == 0, result.stderr
    frame = gpd.read_file(out)
    assert list(frame["surface"]) == ["Djibo", "Burkina"] and set(frame["article"]) == {"x1"}
    assert "line 2" in result.stderr


def test_cli_csv_and_errors(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: T\ndate: 2024-01-02\n---\nTroops left Kidal.\n", encoding="utf-8")
    result = run_cli(str(tmp_path / "a.md"), "--format", "csv")
    assert result.returncode == 0 and result.stdout.splitlines()[1].split(",")[5] == "Kidal"
    assert run_cli().returncode == 2
    assert run_cli(str(tmp_path / "missing.txt")).returncode == 2
