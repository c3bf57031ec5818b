"""The dashboard as a local process on a free port: what the browser tests and the dashboard benchmark start.

>>> command = dashboard_command(8765)
>>> command[1:4], command[-1]
(['-m', 'geo.web.serve', 'streamlit_app.py'], 'false')
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def dashboard_command(port: int, app: str = "streamlit_app.py") -> list[str]:
    """What `make run` starts (`python -m geo.web.serve`), headless on 127.0.0.1:``port``."""
    return [sys.executable, "-m", "geo.web.serve", app, "--server.headless", "true",
            "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]


def wait_for_health(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    """Return once Streamlit's health endpoint answers 200; raise if the process exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy at {url} within {timeout_s} s")
