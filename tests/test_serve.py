"""The dashboard launcher: `python -m geo.web.serve` switches Nagle's algorithm off for Streamlit's connections."""

from __future__ import annotations

import socket

from streamlit.web.server.starlette import starlette_server

from geo.web.serve import disable_nagle


def test_accepted_connections_have_tcp_nodelay() -> None:
    original = starlette_server._bind_socket
    try:
        assert disable_nagle() and disable_nagle()  # idempotent: wrapped once
        assert getattr(starlette_server._bind_socket, "_sets_nodelay", False)
        listening = starlette_server._bind_socket("127.0.0.1", 0, 8)
        client = socket.create_connection(listening.getsockname()[:2])
        listening.setblocking(True)
        accepted, _ = listening.accept()
        try:
            # What the server writes to: Linux copies TCP_NODELAY from the listening socket.
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        finally:
            for open_socket in (accepted, client, listening):
                open_socket.close()
    finally:
        starlette_server._bind_socket = original


def test_plain_streamlit_binding_leaves_nagle_on() -> None:
    """Why the launcher exists.  If this starts failing, Streamlit binds sockets properly and geo.web.serve can go."""
    listening = starlette_server._bind_socket("127.0.0.1", 0, 8)
    client = socket.create_connection(listening.getsockname()[:2])
    listening.setblocking(True)
    accepted, _ = listening.accept()
    try:
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
    finally:
        for open_socket in (accepted, client, listening):
            open_socket.close()


def test_the_warm_up_lists_the_store_and_reads_its_mentions_before_the_first_page(tmp_path) -> None:  # noqa: ANN001
    from geo.text.readers import article_from_text
    from geo.text.store import CorpusStore
    from geo.web import shared
    from geo.web.mention_cache import MentionCache
    from geo.web.analysis_log import MentionSnapshot

    folder = tmp_path / "articles"
    CorpusStore(folder, bundled=None).add(article_from_text("Troops reached Gao.", title="Gao"))
    MentionCache(snapshot=MentionSnapshot(folder), save_after=1).table(CorpusStore(folder).list())  # an earlier run
    shared.warm_up(str(folder))
    mentions, _events = shared.analyses(str(folder))
    assert mentions.parsed == 0  # read from the snapshot, not parsed
    first_page = mentions.table(shared.corpus_store(str(folder)).list())
    assert "Gao" in set(first_page["surface"]) and mentions.parsed == 0
    assert shared.corpus_store(str(folder)) is shared.corpus_store(str(folder))  # one store per process
    shared.warm_up(str(tmp_path / "a file, not a folder" / "x"))  # never raises
