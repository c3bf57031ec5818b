"""Saved views as the slides of a briefing in the dashboard: saving the current view, stepping through them.

>>> import datetime as dt
>>> first = SavedView("Charter", dt.date(2023, 9, 16), frozenset({"alliance"}))
>>> views = with_saved((first,), "", dt.date(2025, 1, 29), frozenset({"alliance", "forces"}), (14.9, 0.2, 6))
>>> [v.name for v in views], step(views, "Charter", +1).name, step(views, "View 2", +1).name
(['Charter', 'View 2'], 'View 2', 'Charter')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from geo.map.views import MAX_VIEWS, SavedView, clean_view_name

__all__ = ["step", "with_saved", "without"]


def with_saved(views: Sequence[SavedView], name: str, as_of: dt.date, layers: frozenset[str],
               map_view: tuple[float, float, int] | None) -> tuple[SavedView, ...]:
    """The views with the current one added (or replacing the view of the same name); an empty name becomes
    "View N".  ValueError when MAX_VIEWS are already saved."""
    name = clean_view_name(name) or _free_name(views)
    kept = [v for v in views if v.name != name]
    if len(kept) >= MAX_VIEWS:
        raise ValueError(f"at most {MAX_VIEWS} views can be saved (the link must hold them); delete one first")
    replaced = len(kept) < len(views)
    new = SavedView(name, as_of, layers, map_view)
    if replaced:  # a view saved again under its name keeps its place in the order
        return tuple(new if v.name == name else v for v in views)
    return (*views, new)


def _free_name(views: Sequence[SavedView]) -> str:
    taken = {v.name for v in views}
    number = len(views) + 1
    while f"View {number}" in taken:
        number += 1
    return f"View {number}"


def without(views: Sequence[SavedView], name: str) -> tuple[SavedView, ...]:
    return tuple(v for v in views if v.name != name)


def step(views: Sequence[SavedView], current: str | None, delta: int) -> SavedView:
    """The view ``delta`` places after the one named ``current`` (round the end); the first when ``current``
    is not among them.  ValueError when there is no view."""
    if not views:
        raise ValueError("no saved view")
    names = [v.name for v in views]
    if current not in names:
        return views[0] if delta >= 0 else views[-1]
    return views[(names.index(current) + delta) % len(views)]
