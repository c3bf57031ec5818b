"""The dashboard's logic without Streamlit widgets: the shareable view (URL state), the session controller, the
files the page serves, and the launcher (`python -m geo.web.serve`).

Imports: any stage.  Only `streamlit_app.py` and the CLI import it.
"""
