"""Reports: the Markdown score table, the notes under it and the JSON-lines error file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from geo.evaluate.gold import ENGLISH_GOLD, FRENCH_GOLD, GOLD_CORPORA, SEED_NOT_PLACE, SEEDS_CORPUS
from geo.evaluate.scoring import CorpusScore


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def format_table(scores: Sequence[CorpusScore]) -> str:
    """A Markdown table, one row per corpus and toponym set."""
    header = ("| corpus | docs | gold | pred | TP | P | R | F1 | resolved | acc@161 | referent acc | median km "
              "| mean km | no coords | parse s | docs/s |")
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for s in scores:
        lines.append(
            f"| {s.label} | {s.docs} | {s.gold} | {s.predicted} | {s.tp} | {_fmt(s.precision)} | {_fmt(s.recall)} "
            f"| {_fmt(s.f1)} | {s.resolved_n} | {_fmt(s.acc161)} "
            f"| {_fmt(s.referent_acc)} | {_fmt(s.median_km, 1)} | {_fmt(s.mean_km, 1)} "
            f"| {s.no_coords} | {s.seconds:.2f} | {_fmt(s.docs_per_s, 1)} |"
        )
    return "\n".join(lines)


def format_details(scores: Sequence[CorpusScore]) -> str:
    """Notes under the table: excluded errors, ignored predictions, per-type recall and the seeds' extras."""
    out: list[str] = []
    for s in scores:
        notes = []
        if s.no_coords:
            notes.append(f"{s.no_coords} matched prediction(s) without coordinates count as acc@161 misses and are "
                         f"excluded from the median/mean")
        if s.far_by_feature:
            notes.append("misses beyond 161 km by the predicted entry's feature: " + ", ".join(
                f"{feature} {count}" for feature, count in s.far_by_feature.most_common()))
        if s.ignored:
            notes.append(f"{s.ignored} prediction(s) on neutral spans ignored")
        if s.types:
            ordered = sorted(s.types.items(), key=lambda kv: (kv[1].role != "gold", kv[0]))
            notes.append("recall per type: " + ", ".join(
                f"{name} {st.hit}/{st.total} ({_fmt(st.share, 2)})" for name, st in ordered if st.role == "gold"))
            hits = [f"{name} {st.hit}/{st.total}" for name, st in ordered if st.role != "gold"]
            if hits:
                notes.append("predictions on non-gold spans (neutral: ignored; not toponyms: FP): " + ", ".join(
                    f"{h} ({'ignored' if s.types[h.split()[0]].role == 'neutral' else 'FP'})" for h in hits))
        if s.corpus == SEEDS_CORPUS or s.corpus in GOLD_CORPORA:
            notes.append(f"places resolved to the exact gazetteer id: {s.exact_id_hits}/{s.exact_id_total}"
                         + (f" ({s.exact_id_hits / s.exact_id_total:.3f})" if s.exact_id_total else ""))
            for label, stat in (("demonyms", s.demonyms), ("organisations", s.organisations)):
                if stat is not None:
                    notes.append(f"{label}: {stat.found}/{stat.gold} found with the right kind and "
                                 f"{'country' if label == 'demonyms' else 'id'} ({stat.right_kind_only} wrong "
                                 f"{'country' if label == 'demonyms' else 'id'}; {stat.predicted} predicted)")
            not_places = [e for e in s.errors if e.error == "false_positive" and e.type == SEED_NOT_PLACE]
            for e in not_places:
                notes.append(f"FP on a not-place: {e.doc_id} {e.start}-{e.end} {e.surface!r}"
                             + (f" ({e.note})" if e.note else ""))
        if s.corpus == ENGLISH_GOLD:
            french = next((f for f in scores if f.corpus == FRENCH_GOLD), None)
            if french is not None and french.f1 is not None and s.f1 is not None:
                notes.append(f"French gold F1 {french.f1:.3f} vs English gold F1 {s.f1:.3f}: "
                             f"gap {french.f1 - s.f1:+.3f} (target: within 0.03)")
        if notes:
            out.append(f"- {s.label}:")
            out.extend(f"  - {note}" for note in notes)
    return "\n".join(out)


def write_errors(scores: Sequence[CorpusScore], path: Path) -> int:
    """Write every error record as a JSON line; returns how many were written."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for score in scores:
            for record in score.errors:
                handle.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
                count += 1
    return count
