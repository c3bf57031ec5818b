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
