"""Dashboard speed: `python bench/dashboard_bench.py [--browser-runs N]`.

1. Server side, with Streamlit's AppTest (the real script, in process): a new session's first run with
   cold caches and with warm caches (the quick run: title and map), the run that completes the page,
   then reruns after moving the as-of date and after toggling a layer.
2. In a real browser: the dashboard as `make run` starts it (`python -m geo.web.serve`) on a free port,
   Debian's Chromium through Playwright with no network: every host but 127.0.0.1 is unresolvable
   (Chromium's --host-resolver-rules), and any request for another host is counted and reported.  The
   requests are not intercepted one by one (Playwright's `route`, which the tests use, sends each of the
   page's ~90 requests through the test process and added ~0.4 s per load here, and disables the browser's
   cache).  A new browser context (cold browser cache) per load, after one warm-up load so the server's
   caches are filled.  Times are read in the page itself, from the navigation's start
   (performance.timeOrigin) to the moment a script polling every 5 ms finds the country shapes on the
   main map in st_folium's frame (the locator inset is not counted); Playwright's own round trips are
   not counted.  Then, in the same page, a click on the
   "2023-09-16" quick pick until the map showing that date is drawn, and a click switching the force sites
   off in the sidebar's layer list until the map is drawn without them.
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
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"  # Debian's (apt-get install -y chromium)
sys.path.insert(0, str(REPO_ROOT))

from geo.map import registry  # noqa: E402
from geo.web.local_server import dashboard_command, free_port, wait_for_health  # noqa: E402  (after sys.path)

# Runs in the page and in every frame: timestamps (ms since the epoch) of what a user sees.
MARKS_JS = """(() => {
  window.__marks = {};
  const now = () => performance.timeOrigin + performance.now();
  const mark = (name) => { if (!(name in window.__marks)) window.__marks[name] = now(); };
  if (window === window.top) {
    document.addEventListener('click', () => { window.__marks.click = now(); }, true);
    const poll = setInterval(() => {
      if (document.querySelector('[data-testid=stSidebar] .st-key-as_of_text input')) mark('controls');
      if (document.querySelector('[data-testid=stDataFrame]')) { mark('tables'); clearInterval(poll); }
    }, 5);
  } else {
    setInterval(() => {
      // The main map (not the locator inset) with its country shapes added: drawn on the next frame.
      const map = window.map;
      if (!map || !map.eachLayer) return;
      let shapes = 0;
      map.eachLayer((layer) => { if (layer.getLatLngs) shapes++; });
      if (shapes < 24) return;
      mark('map');
      const legend = document.querySelector('.sbm-legend');
      const shown = legend && legend.textContent.match(/As of (\\d{4}-\\d\\d-\\d\\d)/);
      if (shown) mark('map ' + shown[1]);
      // The layers drawn, as the legend lists them (a section per layer shown).
      if (legend) mark('layers ' + [...legend.querySelectorAll('[data-layer]')].map(s => s.dataset.layer).join('|'));
    }, 5);
  }
})();"""
PICKED_DATE = "2023-09-16"
# Switched off in the sidebar's layer list (its legend section goes): one label in the sidebar and the map.
TOGGLED_LAYER = registry.layer("forces").label
FIRST_MAP_TARGET_S = 3.0  # the targets: the first map within 3 s of the page opening,
REDRAW_TARGET_S = 1.0  # and a new date or layer drawn within 1 s


def timed(action) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def server_side() -> list[tuple[str, float]]:
    from streamlit.testing.v1 import AppTest

    def new_session() -> AppTest:
        return AppTest.from_file(str(REPO_ROOT / "streamlit_app.py"), default_timeout=300)

    app = new_session()
    rows = [("new session, first run (cold caches): title and map", timed(app.run)),
            ("the run that completes the page (controls, tables)", timed(app.run))]
    rows.append(("new session, first run (warm caches): title and map", timed(new_session().run)))
    dates = [dt.date(2023, 9, 16), dt.date(2025, 2, 1), dt.date(2024, 1, 1)]
    rows.append(("rerun after moving the as-of date (median of 3)", statistics.median(
        timed(lambda d=day: app.text_input(key="as_of_text").set_value(d.isoformat()).run()) for day in dates)))
    full = list(app.multiselect(key="layers").value)
    toggles = [[layer for layer in full if layer != "forces"], full, [layer for layer in full if layer != "mentions"]]
    rows.append(("rerun after toggling a layer (median of 3)", statistics.median(
        timed(lambda v=value: app.multiselect(key="layers").set_value(v).run()) for value in toggles)))
    if app.exception:
        raise RuntimeError(app.exception)
    return rows


def _marks(page) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Every frame's marks, in seconds since the page's navigation started (earliest per name)."""
    origin = page.evaluate("performance.timeOrigin")
    found: dict[str, float] = {}
    for frame in page.frames:
        try:
            marks = frame.evaluate("window.__marks || {}")
        except Exception:  # a frame removed while we read  # noqa: BLE001
            continue
        for name, epoch_ms in marks.items():
            found[name] = min(found.get(name, float("inf")), (epoch_ms - origin) / 1000)
    return found


def _wait_for_mark(page, name: str, timeout_s: float = 60.0) -> dict[str, float]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        marks = _marks(page)
        if name in marks:
            return marks
        page.wait_for_timeout(50)
    raise TimeoutError(f"no {name!r} within {timeout_s} s: {_marks(page)}")


OFFLINE_ARGS = ["--no-sandbox", "--disable-background-networking",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]  # no host but this one resolves


def _wait_for_marks(page, wanted, timeout_s: float = 60.0) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The marks whose names satisfy `wanted`, once there is at least one."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = {name: at for name, at in _marks(page).items() if wanted(name)}
        if found:
            return found
        page.wait_for_timeout(50)
    raise TimeoutError(f"no wanted mark within {timeout_s} s: {_marks(page)}")


def _is_local(url: str) -> bool:
    parts = urlparse(url)
    return parts.hostname == "127.0.0.1" or parts.scheme in ("data", "blob", "about")


def _new_context(chromium, elsewhere: list[str]):  # type: ignore[no-untyped-def]
    """A browser context whose pages note every request for a host other than 127.0.0.1 in `elsewhere`."""
    context = chromium.new_context(viewport={"width": 1600, "height": 1000})
    context.on("request", lambda request: None if _is_local(request.url) else elsewhere.append(request.url))
    context.add_init_script(MARKS_JS)
    return context


def browser(runs: int) -> list[tuple[str, float]]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "SAHEL_CORPUS_DIR": tempfile.mkdtemp(prefix="bench-corpus-")}
    server = subprocess.Popen(dashboard_command(port), cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    first_map, whole_page, redraw, toggled, returning = [], [], [], [], []
    elsewhere: list[str] = []  # requests for any host but the dashboard's
    try:
        wait_for_health(url, server)
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_ARGS)
            for run in range(runs + 1):  # a new browser context each time: nothing cached in the browser
                context = _new_context(chromium, elsewhere)
                page = context.new_page()
                page.goto(url)
                marks = _wait_for_mark(page, "tables")
                if run:  # the first load fills the server's caches
                    first_map.append(marks["map"])
                    whole_page.append(marks["tables"])
                    page.wait_for_timeout(1_000)  # let the page settle before the date change
                    page.locator(f".st-key-pick-{PICKED_DATE} button").first.click()
                    marks = _wait_for_mark(page, f"map {PICKED_DATE}")
                    redraw.append(marks[f"map {PICKED_DATE}"] - marks["click"])
                    page.wait_for_timeout(1_000)
                    page.locator(".st-key-layers").get_by_role(  # the x on the layer's tag: switched off
                        "button", name=f"Remove {TOGGLED_LAYER}", exact=True).click()
                    marks = _wait_for_marks(page, lambda name: name.startswith("layers ")
                                            and TOGGLED_LAYER not in name.split("|"))
                    toggled.append(min(marks.values()) - _marks(page)["click"])
                context.close()
            context = _new_context(chromium, elsewhere)  # one browser that has opened the dashboard before
            for run in range(runs + 1):
                page = context.new_page()
                page.goto(url)
                marks = _wait_for_mark(page, "tables")
                if run:
                    returning.append(marks["map"])
                page.close()
            context.close()
            chromium.close()
    finally:
        server.terminate()
        server.wait(timeout=20)

    def spread(values: list[float], target_s: float | None = None) -> str:
        text = f"median of {len(values)}; fastest {min(values):.2f}, slowest {max(values):.2f}"
        if target_s is not None:
            text += f"; {sum(seconds <= target_s for seconds in values)} within {target_s:g} s"
        return text

    if elsewhere:
        print(f"requests for other hosts (none answered, the map must not need them): {sorted(set(elsewhere))}")
    return [(f"page open to drawn map, new browser ({spread(first_map, FIRST_MAP_TARGET_S)})",
             statistics.median(first_map)),
            (f"page open to drawn map, a browser that has opened it before ({spread(returning, FIRST_MAP_TARGET_S)})",
             statistics.median(returning)),
            (f"page open to whole page with tables ({spread(whole_page)})", statistics.median(whole_page)),
            (f"click on a date to the map of that date drawn ({spread(redraw, REDRAW_TARGET_S)})",
             statistics.median(redraw)),
            (f"click to switch a layer off in the sidebar to the map without it drawn "
             f"({spread(toggled, REDRAW_TARGET_S)})", statistics.median(toggled))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--browser-runs", type=int, default=15)
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
