"""Scoring the geoparser against gold annotations: loading benchmarks and gold, matching spans, scores, reports.

Imports: geoparse, text and the base modules.  Only the CLI imports it.
"""
