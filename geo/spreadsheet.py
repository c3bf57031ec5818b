"""CSV that a spreadsheet opens without running anything in it.

Article titles, sentences and file names are untrusted; a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)`` can leak
data or lure a click).  As OWASP recommends ("CSV Injection"), such text cells are prefixed with a single quote,
which spreadsheets show as text; numbers (-3.5, a longitude) are left as they are.

>>> import pandas as pd
>>> print(csv_text(pd.DataFrame({"title": ["=HYPERLINK(\\"http://x\\")", "Gao"], "lon": [-3.5, 1.0]})), end="")
title,lon
"'=HYPERLINK(""http://x"")",-3.5
Gao,1.0
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FORMULA_STARTS", "csv_text", "neutralise_formula"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """`value`, with a quote put before text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame) -> str:
    """`frame` as CSV (no index), every text cell safe to open in a spreadsheet."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_formula)
    return safe.to_csv(index=False)
