"""Which countries the product covers, by ISO 3166-1 alpha-3 code."""

from __future__ import annotations

# The 15 states of ECOWAS before the 2024-2025 withdrawals (14 founders of 1975 plus Cabo Verde, 1977;
# Mauritania, a founder, left in 2000 and is listed with the neighbours).
ECOWAS_STATES: tuple[str, ...] = (
    "BEN", "BFA", "CIV", "CPV", "GHA", "GIN", "GMB", "GNB",
    "LBR", "MLI", "NER", "NGA", "SEN", "SLE", "TGO",
)
# Every country that touches that region.
NEIGHBOURS: tuple[str, ...] = ("MRT", "DZA", "LBY", "TCD", "CMR", "CAF", "MAR", "ESH", "SDN")

COVERED_COUNTRIES: tuple[str, ...] = ECOWAS_STATES + NEIGHBOURS
ALLIANCE_OF_SAHEL_STATES: tuple[str, ...] = ("MLI", "BFA", "NER")
