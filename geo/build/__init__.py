"""The recipe: `python -m geo build-data` derives every file under data/ that is not a written fact."""
