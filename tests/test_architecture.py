"""The package's arrows point one way: text -> geoparse -> facts -> map -> export -> web (README, Layout).

Every `import` in geo/, bench/ and the app is read with `ast` (function-level imports included) and checked against
the stage order; a new backward import turns this red.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
GEO = REPO_ROOT / "geo"

# A stage may import the stages of a lower rank.  "base" is geo's top-level modules (files, resources, geodesy).
RANK = {"base": 0, "text": 1, "geoparse": 2, "events": 3, "facts": 3, "map": 5, "export": 6, "archive": 6, "web": 7, "cli": 9}
# Leaves: they import lower stages, and only the command line imports them.
LEAVES = {"evaluate": 4, "build": 4}
CLI_MODULES = {"__main__", "cli"}


def stage_of(module: str) -> str:
    """'geo.map.assemble' -> 'map'; 'geo.files' -> 'base'; 'geo.__main__' -> 'cli'."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in CLI_MODULES:
        return "cli" if len(parts) > 1 else "base"
    if (GEO / parts[1]).is_dir():
        return parts[1]
    return "base"


def rank(stage: str) -> int:
    return RANK.get(stage, LEAVES.get(stage, -1))


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # `from geo.map import assemble` imports geo.map.assemble
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names
                      if (GEO.parent / (node.module.replace(".", "/") + f"/{alias.name}.py")).is_file()]
    return found


def geo_modules() -> list[Path]:
    return sorted(path for path in GEO.rglob("*.py") if "data" not in path.relative_to(GEO).parts[:1])


def test_every_stage_folder_is_known() -> None:
    folders = {path.name for path in GEO.iterdir() if path.is_dir() and (path / "__init__.py").is_file()}
    assert folders <= set(RANK) | set(LEAVES), folders - set(RANK) - set(LEAVES)


@pytest.mark.parametrize("path", geo_modules(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_imports_point_one_way(path: Path) -> None:
    here = stage_of(module_name(path))
    wrong = []
    for line, target in imported_modules(path):
        if target.split(".")[0] == "streamlit_app" or target == "tests" or target.startswith("tests."):
            wrong.append(f"line {line}: {target} (geo never imports the app or the tests)")
        if target.split(".")[0] == "streamlit" and here not in {"web", "cli"}:
            wrong.append(f"line {line}: {target} (only geo.web may use Streamlit)")
        if not target.startswith("geo."):
            continue
        there = stage_of(target)
        if there == here:
            continue
        if there in LEAVES and here != "cli":
            wrong.append(f"line {line}: {target} ({there} is imported only by the command line)")
        elif rank(there) >= rank(here) and not (here in LEAVES and rank(there) < rank(here)):
            wrong.append(f"line {line}: {target} ({here} may not import {there})")
    assert not wrong, f"{path.relative_to(REPO_ROOT)}:\n" + "\n".join(wrong)


def test_bench_does_not_import_tests() -> None:
    for path in sorted((REPO_ROOT / "bench").glob("*.py")):
        targets = [target for _, target in imported_modules(path)]
        assert not [t for t in targets if t == "tests" or t.startswith("tests.")], path


def test_the_checker_sees_a_backward_import(tmp_path: Path) -> None:
    """The rule itself: a facts module importing the map is caught (so a green run means something)."""
    assert rank(stage_of("geo.map.assemble")) > rank(stage_of("geo.facts.boundaries"))
    assert stage_of("geo.files") == "base" and stage_of("geo.__main__") == "cli"
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from geo.map import assemble\n", encoding="utf-8")
    assert (2, "geo.map.assemble") in imported_modules(sample)
