"""Where the committed data lives: ``geo/data`` inside the installed package (in a checkout, a link to the
repository's ``data/``), found with `importlib.resources` so an installed copy reads its own files.
Runtime reads only these folders.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# The package is installed as plain files (never zipped), so the resource folder is a real path.
DATA_DIR = Path(str(files("geo").joinpath("data")))
BOUNDARIES_DIR = DATA_DIR / "boundaries"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
LAYERS_DIR = DATA_DIR / "layers"
ARTICLES_DIR = DATA_DIR / "articles"

# Only for the recipe and the evaluation, which work in a checkout: the repository and the shared folder beside it.
REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
BUILD_CACHE_DIR = REPO_ROOT / ".cache" / "sources"
