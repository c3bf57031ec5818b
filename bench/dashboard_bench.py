"""Dashboard speed: `python bench/dashboard_bench.py [--browser-runs N]`.

1. Server side, with Streamlit's AppTest (the real script, in process): the first run (cold caches), a
   second run (warm), then reruns after moving the as-of date and after toggling a layer.
2. In a real browser: `streamlit run` on a free port, Debian's Chromium through Playwright, every
   non-local request aborted; time from navigation to a drawn map (Leaflet paths on screen), after one
   warm-up load so the server's caches are filled.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.conftest import CHROMIUM, free_port, wait_for_health  # noqa: E402  (after sys.path)


def timed(action) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def server_side() -> list[tuple[str, float]]:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPO_ROOT / "streamlit_app.py"), default_timeout=300)
    rows = [("first run (cold caches)", timed(app.run)), ("second run (warm)", timed(app.run))]
    dates = [dt.date(2023, 9, 16), dt.date(2025, 2, 1), dt.date(2024, 1, 1)]
    rows.append(("rerun after moving the as-of date (median of 3)", statistics.median(
        timed(lambda d=day: app.date_input(key="as_of").set_value(d).run()) for day in dates)))
    full = list(app.multiselect(key="layers").value)
    toggles = [[layer for layer in full if layer != "forces"], full, [layer for layer in full if layer != "mentions"]]
    rows.append(("rerun after toggling a layer (median of 3)", statistics.median(
        timed(lambda v=value: app.multiselect(key="layers").set_value(v).run()) for value in toggles)))
    if app.exception:
        raise RuntimeError(app.exception)
    return rows


def browser(runs: int) -> list[tuple[str, float]]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "SAHEL_CORPUS_DIR": tempfile.mkdtemp(prefix="bench-corpus-")}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, server)
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM,
                                                  args=["--no-sandbox", "--disable-background-networking"])
            timings = []
            for run in range(runs + 1):
                context = chromium.new_context(viewport={"width": 1600, "height": 1000})
                context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                              else route.abort())
                page = context.new_page()
                began = time.perf_counter()
                page.goto(url)
                frame = page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=120_000).content_frame()
                frame.wait_for_selector(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas", timeout=120_000)
                if run:  # the first load fills the server's caches
                    timings.append(time.perf_counter() - began)
                context.close()
            chromium.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return [(f"page open to drawn map in Chromium, warm server (median of {runs})", statistics.median(timings))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--browser-runs", type=int, default=3)
    args = parser.parse_args()
    rows = server_side()
    if Path(CHROMIUM).exists():
        rows += browser(args.browser_runs)
    else:
        print(f"(no {CHROMIUM}: browser timing skipped; apt-get install -y chromium)")
    print("| measure | seconds |")
    print("|---|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
