"""Where the committed data lives.  Runtime reads only these folders."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
BOUNDARIES_DIR = DATA_DIR / "boundaries"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
LAYERS_DIR = DATA_DIR / "layers"

# Source archives downloaded by `python -m geo build-data` (never committed).
BUILD_CACHE_DIR = REPO_ROOT / ".cache" / "sources"
