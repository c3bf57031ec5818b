"""Sahel Briefing Map: turn news reports about the Sahel into a briefing map.

The library is usable without Streamlit; the dashboard (``streamlit_app.py``) only
calls into it.  Data flows one way: articles -> mentions -> layers -> map -> exports.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
