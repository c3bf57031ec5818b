"""Events: what happened where and when, coded per sentence with ACLED's taxonomy, offline and by rules.

The rules are data (data/events/): trigger lexicons, negation and modality cues, actor names. The coder reads
the geoparser's mentions of each sentence for the place, never a new guess.
"""
