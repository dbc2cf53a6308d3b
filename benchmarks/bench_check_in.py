"""The check-in page as a phone meets it, beside the dashboard: the first paint on a first and a
returning visit (Debian's chromium, a 390 px phone profile), and the server's CPU per check-in
sent against per dashboard session opened.

    .venv/bin/python benchmarks/bench_check_in.py [--runs N]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.bench_app import CHROMIUM_ARGS, tree_cpu_seconds  # noqa: E402
from tests.servers import start_published_site, stop_server  # noqa: E402
from trainer.demo.writer import write_demo  # noqa: E402
from trainer.store.database import open_database  # noqa: E402

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
PAINT = "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime"
PAINTED = "() => performance.getEntriesByName('first-contentful-paint').length > 0"


def painted_at(page) -> float:
    page.wait_for_function(PAINTED, timeout=10_000)  # a small page can finish loading before it paints
    return page.evaluate(PAINT)


def paints(site, path: str, runs: int) -> tuple[float, float]:
    """Median first paint (ms) of ``path`` on a first visit (new browser profile) and a returning one."""
    first, returning = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(**PHONE)
            page = context.new_page()
            page.goto(f"{site.url}/login#{site.links['cyclist']}")
            page.wait_for_url(re.compile(r"^(?!.*/login).*$"))
            page.goto(f"{site.url}{path}")
            first.append(painted_at(page))
            again = context.new_page()  # the same profile: its cache and cookie, a new tab
            again.goto(f"{site.url}{path}")
            returning.append(painted_at(again))
            context.close()
        browser.close()
    return statistics.median(first), statistics.median(returning)


def cpu_per_check_in(site, count: int) -> float:
    client = httpx.Client(base_url=site.url, timeout=30)
    client.post("/login", data={"secret": site.links["cyclist"]})
    page = client.get("/check-in").text
    form = {name: re.search(rf'name="{name}" value="([^"]+)"', page).group(1) for name in ("csrf", "date")}
    before = tree_cpu_seconds(site.process.pid)
    for n in range(count):
        assert client.post("/check-in", data={**form, "readiness": str(n % 11), "fatigue": "3"}).status_code == 200
    return (tree_cpu_seconds(site.process.pid) - before) / count


def cpu_per_dashboard(site, count: int) -> float:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(f"{site.url}/login#{site.links['cyclist']}")
        page.wait_for_url(re.compile(r"^(?!.*/login).*$"))
        page.wait_for_selector("#root .trainer-score", timeout=60_000)
        before = tree_cpu_seconds(site.process.pid)
        for _ in range(count):
            page.goto(f"{site.url}/athlete/")
            page.wait_for_selector("#root .trainer-score", timeout=60_000)
        spent = tree_cpu_seconds(site.process.pid) - before
        browser.close()
    return spent / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="trainer-bench-check-in-"))
    db_path = folder / "trainer.db"
    write_demo(open_database(f"sqlite:///{db_path}"), __import__("datetime").date(2026, 11, 24), days=180)
    site = start_published_site(db_path, folder, "--check-ins")
    try:
        for name, path in (("check-in page", "/check-in"), ("dashboard (early card)", "/athlete/")):
            first, returning = paints(site, path, runs)
            print(
                f"{name:<24} first paint: first visit {first:6.0f} ms, returning {returning:6.0f} ms "
                f"(medians of {runs})"
            )
        check_in = cpu_per_check_in(site, 25)  # a link may send 30 an hour
        dashboard = cpu_per_dashboard(site, 5)
        print(
            f"server CPU per check-in sent {check_in * 1000:6.1f} ms; per dashboard session {dashboard * 1000:6.0f} ms "
            f"({dashboard / check_in:.0f}x a check-in)"
        )
    finally:
        stop_server(site)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
