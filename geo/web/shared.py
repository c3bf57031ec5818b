"""What every session of one dashboard process shares: the article store and the mentions and events caches
of a store folder, made once per process (thread-safe), and the warm-up that fills them before the first
page asks.

They live here, not in Streamlit's ``cache_resource``, so the launcher (geo.web.serve) can start filling them
while the server starts: a fresh server's first page then finds the store listed and its mentions read from
the snapshot instead of doing it (with every import) while the user waits.
"""

from __future__ import annotations

import threading
from pathlib import Path

from geo.text.store import CorpusStore, default_store_dir
from geo.web.analysis_log import EventLog, MentionSnapshot
from geo.web.event_cache import EventCache
from geo.web.mention_cache import MentionCache

__all__ = ["analyses", "corpus_store", "start_warm_up", "warm_up"]

_LOCK = threading.Lock()
_STORES: dict[str, CorpusStore] = {}
_ANALYSES: dict[str, tuple[MentionCache, EventCache]] = {}


def corpus_store(folder: str) -> CorpusStore:
    """The one store of `folder` in this process."""
    with _LOCK:
        if folder not in _STORES:
            _STORES[folder] = CorpusStore(Path(folder))
        return _STORES[folder]


def analyses(folder: str) -> tuple[MentionCache, EventCache]:
    """The mentions and events caches of `folder`'s articles, kept beside them (geo.web.analysis_log)."""
    with _LOCK:
        if folder not in _ANALYSES:
            _ANALYSES[folder] = (MentionCache(snapshot=MentionSnapshot(Path(folder))),
                                 EventCache(log=EventLog(Path(folder))))
        return _ANALYSES[folder]


def warm_up(folder: str | None = None) -> None:
    """List the store and build its mentions table (from the snapshot), as the first page would, and import
    what drawing the map needs.  Never raises: a failure here is the first page's to report."""
    try:
        folder = folder or str(default_store_dir())
        articles = corpus_store(folder).list()
        analyses(folder)[0].table(articles)
        import geo.map.assemble  # noqa: F401  (folium, branca and the layer builders)
        import streamlit_folium  # noqa: F401
    except Exception:  # noqa: BLE001 - an optimisation only
        pass


def start_warm_up() -> threading.Thread:
    """`warm_up` in a daemon thread (the server starts meanwhile)."""
    thread = threading.Thread(target=warm_up, name="sahel-warm-up", daemon=True)
    thread.start()
    return thread
