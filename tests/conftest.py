"""Shared fixtures: a real Streamlit server on a free port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from geo.web.local_server import dashboard_command, free_port, wait_for_health

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture(scope="session")
def streamlit_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on a free port, headless, stopped after the session."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    corpus = tmp_path_factory.mktemp("corpus")  # articles added by browser tests stay out of the user's folder
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SAHEL_CORPUS_DIR": str(corpus)}
    with log_path.open("wb") as log:
        process = subprocess.Popen(dashboard_command(port), cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(url, process)
            yield url
        except Exception:
            print(log_path.read_text(errors="replace"))
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@dataclass
class NetworkLog:
    """Every request the page tried, and those aborted because they left the machine."""

    requested: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it: apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture()
def offline_page(chromium: object) -> Iterator[tuple[object, NetworkLog]]:
    """A page in a fresh context where every request to a non-local host is aborted and logged."""
    context = chromium.new_context(viewport={"width": 1600, "height": 1000})  # type: ignore[attr-defined]
    log = NetworkLog()

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        log.requested.append(url)
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOCAL_HOSTS:
            route.continue_()  # type: ignore[attr-defined]
        else:
            log.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    yield page, log
    context.close()


BROWSER_FIXTURES = {"chromium", "offline_page", "streamlit_url"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses a real browser or server is marked `browser` (and `slow`), so `make test-fast` skips it."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


def offline_file_page(chromium: object, width: int, height: int) -> Iterator[tuple[object, dict[str, list[str]]]]:
    """A page of its own browser context where file:/data: requests pass (file: ones are listed) and every
    other request is aborted and counted; console errors, page errors and dialogs are recorded."""
    context = chromium.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    log: dict[str, list[str]] = {"files": [], "blocked": [], "errors": [], "dialogs": []}

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlparse(url).scheme in ("file", "data"):
            if url.startswith("file:"):
                log["files"].append(url)
            route.continue_()  # type: ignore[attr-defined]
        else:
            log["blocked"].append(url)
            route.abort()  # type: ignore[attr-defined]

    def dialog(d: object) -> None:
        log["dialogs"].append(d.message)  # type: ignore[attr-defined]
        d.dismiss()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda msg: log["errors"].append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log["errors"].append(str(exc)))
    page.on("dialog", dialog)
    yield page, log
    context.close()
