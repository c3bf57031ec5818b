"""Span matching: the benchmarks' rule for when a predicted span hits a gold span, and one-to-one matching."""

from __future__ import annotations

from collections.abc import Sequence

MAX_MIDPOINT_DISTANCE = 10  # characters, exclusive ("less than 10 characters apart")

Span = tuple[int, int, str]  # start, end, surface


def spans_match(gold: Span, pred: Span) -> bool:
    """The README's rule: equal surface strings and mid-points less than 10 characters apart.

    >>> spans_match((0, 4, "Mali"), (9, 13, "Mali")), spans_match((0, 4, "Mali"), (10, 14, "Mali"))
    (True, False)
    """
    return gold[2] == pred[2] and abs((gold[0] + gold[1]) - (pred[0] + pred[1])) < 2 * MAX_MIDPOINT_DISTANCE


def match_spans(gold: Sequence[Span], preds: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one matching (gold index, prediction index), greedy by smallest mid-point distance.

    >>> match_spans([(0, 4, "Mali"), (6, 10, "Mali")], [(5, 9, "Mali"), (1, 5, "Mali"), (0, 5, "Niger")])
    [(0, 1), (1, 0)]
    """
    by_surface: dict[str, list[int]] = {}
    for pi, pred in enumerate(preds):
        by_surface.setdefault(pred[2], []).append(pi)
    pairs = sorted(
        (abs((g[0] + g[1]) - (preds[pi][0] + preds[pi][1])), gi, pi)
        for gi, g in enumerate(gold)
        for pi in by_surface.get(g[2], ())
        if spans_match(g, preds[pi])
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches: list[tuple[int, int]] = []
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            matches.append((gi, pi))
    return sorted(matches)
