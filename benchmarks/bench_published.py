"""The published server (``trainer app --publish``) as a team meets it at 7 a.m.

Measures the server, not the browsers: the server's own CPU counters (/proc) per session, and a small
instrumented client that opens a session the way a browser does (page, then the websocket with the
viewer's cookie) and waits for the server's "completed-run" message, so twenty sessions at once are
timed on the server's side instead of twenty chromium pages fighting it for the same two cores.

Prints (issue 17 targets in brackets), for this tree and, with ``--before REF``, for a git ref
built beside it and measured in the same run; beside them, as the plain alternative, how soon the
same browser shows marimo's smallest page (one cell, ``marimo run``): no marimo page can beat it.
- server CPU per dashboard session in a real browser, warm process, median of 5   [<= 0.25 CPU-s]
  (a first visit from a new browser, and a returning visit whose browser has the page's files)
- today card visible from navigation, median of 5                                [<= 2 s]
- something trainer-branded on screen, median of 5                                [<= 0.5 s]
- squad view of 50 athletes x 3 years: server CPU per session, median of 3        [<= 0.5 CPU-s]
- twenty sessions opened at once: server done with the last first render         [<= 8 s]
  and memory per session; with ``--workers 2`` also through nginx in front of two workers
- slider move to updated card, median of 20                                       [<= 250 ms]
  (keydown to the painted new score, measured in the page as the browser's Event Timing counts
  input to next paint; beside it the same move as Playwright sees it, which adds its own round
  trips; and the server's part, from the POST to the card's new output)

    .venv/bin/python benchmarks/bench_published.py [--before HEAD~5] [--sessions 20] [--squad 50] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import httpx
import websockets
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.bench_app import CHROMIUM_ARGS, move_weight_slider, tree_cpu_seconds, tree_rss_mb  # noqa: E402
from tests.postgres import free_port  # noqa: E402
from tests.servers import NGINX, consecutive_free_ports, wait_for_health  # noqa: E402

DASHBOARD = "/athlete/?athlete=demo-marathoner"
BUILD = """
import sys
from datetime import date
from trainer.demo.profiles import DEMO_PROFILES
from trainer.demo.squad import squad_profiles
from trainer.demo.writer import write_demo
from trainer.access.grants import issue_grant
from trainer.store.database import open_database
path, squad, days = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = open_database(f"sqlite:///{path}")
write_demo(db, date(2026, 11, 24), squad_profiles(squad) if squad else DEMO_PROFILES, days=days)
print(issue_grant(db, "coach", "Bench", all_athletes=True)[1])
"""


@dataclass
class Served:
    """One or more published worker processes (and nginx in front when there are several)."""

    url: str
    secret: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    def cpu(self) -> float:
        return sum(tree_cpu_seconds(p.pid) for p in self.processes)

    def rss_mb(self) -> float:
        return sum(tree_rss_mb(p.pid) for p in self.processes)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def build(tree: Path, path: Path, squad: int, days: int) -> str:
    """The demo (or squad) database as that tree writes it, with one coach link for everyone; returns the secret."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(path), str(squad), str(days)],
        cwd=tree,
        env=_env(tree, path.parent),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _env(tree: Path, folder: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "TRAINER_"))},
        "PYTHONPATH": str(tree),
        "TRAINER_CONFIG_HOME": str(folder / "config"),
        "TRAINER_DATA_DIR": str(folder / "data"),
    }


def serve(tree: Path, db: Path, secret: str, workers: int) -> Served:
    """``trainer app --publish`` from that tree: one process, or ``--workers N`` behind Debian's nginx."""
    from trainer.serve.nginx import write_standalone

    port = consecutive_free_ports(workers)
    extra = ["--workers", str(workers)] if workers > 1 else []
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trainer",
            "app",
            "--publish",
            "--headless",
            "--port",
            str(port),
            "--db",
            f"sqlite:///{db}",
            *extra,
        ],
        cwd=tree,
        env=_env(tree, db.parent),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    served = Served(f"http://127.0.0.1:{port}", secret, [process])
    for worker in range(port, port + workers):
        wait_for_health(f"http://127.0.0.1:{worker}/health", process)
    if workers > 1:
        listen = free_port()
        conf = write_standalone(
            list(range(port, port + workers)), f"127.0.0.1:{listen}", db.parent / f"nginx-{workers}"
        )
        nginx = subprocess.Popen(
            [str(NGINX), "-c", str(conf), "-p", str(conf.parent)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        served.url = f"http://127.0.0.1:{listen}"
        served.processes.append(nginx)
        wait_for_health(f"{served.url}/health", nginx)
    return served


def settle(served: Served, quiet: float = 0.02, every: float = 0.3) -> float:
    """Wait until the server has stopped working (CPU grows by under ``quiet`` s per ``every`` s); its CPU then."""
    last = served.cpu()
    while True:
        time.sleep(every)
        now = served.cpu()
        if now - last < quiet:
            return now
        last = now


def cookie_for(served: Served) -> str:
    answer = httpx.post(f"{served.url}/login", data={"secret": served.secret})
    answer.raise_for_status()  # through nginx this also brings the worker's route cookie
    return "; ".join(f"{name}={value}" for name, value in answer.cookies.items())


async def instrumented_session(served: Served, cookie: str, page: str, query: str) -> float:
    """Open a session as a browser would (page, then websocket); seconds until the server's first run completed."""
    start = time.perf_counter()
    async with httpx.AsyncClient(headers={"cookie": cookie}) as client:
        (await client.get(f"{served.url}{page}?{query}")).raise_for_status()
    ws_url = f"{served.url.replace('http', 'ws', 1)}{page}ws?session_id=s_{uuid.uuid4().hex[:6]}&{query}"
    async with websockets.connect(
        ws_url, additional_headers={"cookie": cookie}, max_size=None, open_timeout=60
    ) as socket:
        async for message in socket:
            if json.loads(message).get("op") == "completed-run":
                return time.perf_counter() - start
    raise RuntimeError("the session closed before its first run completed")


async def server_slider(served: Served, moves: int = 20) -> tuple[float, float]:
    """The HRV-weight slider moved the way the page moves it (one POST), timed on the server's side:
    (ms to the today card's new output, ms to the end of the run), medians. The browser's own
    re-rendering is what ``slider_moves`` adds to this."""
    cookie, session = cookie_for(served), f"s_{uuid.uuid4().hex[:6]}"
    async with httpx.AsyncClient(headers={"cookie": cookie}) as client:
        await client.get(f"{served.url}/athlete/?athlete=demo-marathoner")
        ws_url = f"{served.url.replace('http', 'ws', 1)}/athlete/ws?session_id={session}&athlete=demo-marathoner"
        async with websockets.connect(ws_url, additional_headers={"cookie": cookie}, max_size=None) as socket:
            slider = None
            async for message in socket:
                found = json.loads(message)
                if found["op"] == "cell-op" and found["data"].get("output"):
                    text = unescape(str(found["data"]["output"].get("data")))
                    for element in re.finditer(r"<marimo-ui-element object-id='([^']+)'[^>]*>(.{0,400})", text):
                        slider = element.group(1) if "HRV weight" in element.group(2) else slider
                if found["op"] == "completed-run":
                    break
            card_times, run_times = [], []
            for move in range(moves + 1):
                start, card = time.perf_counter(), None
                await client.post(
                    f"{served.url}/athlete/api/kernel/set_ui_element_value",
                    headers={"Marimo-Session-Id": session},
                    json={"objectIds": [slider], "values": [1.0 if move % 2 == 0 else 0.4]},
                )
                async for message in socket:
                    found = json.loads(message)
                    if (
                        card is None
                        and found["op"] == "cell-op"
                        and "trainer-status" in str(found["data"].get("output"))
                    ):
                        card = (time.perf_counter() - start) * 1000
                    if found["op"] == "completed-run":
                        break
                if move:  # the first move scores a new setting; later ones are what a person dragging sees
                    card_times.append(card)
                    run_times.append((time.perf_counter() - start) * 1000)
    return statistics.median(card_times), statistics.median(run_times)


async def at_once(served: Served, sessions: int, workers: int = 1) -> tuple[float, float]:
    """``sessions`` instrumented sessions started together: (seconds until the last completed, MB per session).

    Each worker is warmed first (two sessions each, as a morning's first visitors would), then each
    session signs in on its own, so nginx spreads them as it would spread browsers."""
    signed_in = "; ".join(part for part in cookie_for(served).split("; ") if not part.startswith("trainer_route="))
    for worker in range(workers):
        route = f"; trainer_route=trainer_w{worker}" if workers > 1 else ""
        for _ in range(2):
            await instrumented_session(served, signed_in + route, "/athlete/", "athlete=demo-marathoner")
    cookies = [cookie_for(served) for _ in range(sessions)]
    settle(served)
    before = served.rss_mb()
    times = await asyncio.gather(
        *(instrumented_session(served, cookie, "/athlete/", "athlete=demo-marathoner") for cookie in cookies)
    )
    return max(times), (served.rss_mb() - before) / sessions


async def browser_sessions(
    browser, served: Served, path: str, visible: str, runs: int, returning: bool = False, live: str | None = None
) -> dict[str, list[float]]:
    """Real-browser sessions one after another, after one warm-up: first paint, card visible, server CPU.

    A first visit is a new browser (nothing cached) that signs in, then opens the page; a returning
    visit is a browser that has opened the page before and opens it again (the athlete's phone the
    next morning). Times are from the browser's own navigation timing."""
    found: dict[str, list[float]] = {"cpu": [], "branded": [], "visible": [], "live": []}
    context = page = None
    for run in range(runs + 1):
        if page is None or not returning:
            context = await browser.new_context(viewport={"width": 1300, "height": 1000})
            page = await context.new_page()
            if served.secret:
                await page.goto(f"{served.url}/login#{served.secret}")
                await page.wait_for_url(lambda url: "/login" not in url, timeout=30_000)
        await page.goto("about:blank")
        cpu = settle(served)
        await page.goto(f"{served.url}{path}", wait_until="commit")
        await page.locator(visible).first.wait_for(timeout=120_000)
        # the first paint with text is the branded loading line (notebooks/loading.html): marimo's own
        # start-up screen has none; the browser's paint timing says when, even while it was busy
        timing = await page.evaluate("""() => ({now: performance.now() / 1000,
            paint: (performance.getEntriesByName('first-contentful-paint')[0]
                    || {startTime: NaN}).startTime / 1000})""")
        # the card drawn by the running dashboard (the early card may come first); the session's CPU
        # is counted after it
        if live:
            await page.locator(live).first.wait_for(timeout=120_000)
            live_at = await page.evaluate("performance.now() / 1000")
            if run:
                found["live"].append(live_at)
        used = settle(served) - cpu
        if not returning:
            await context.close()
        if run:  # the first session warms the process (imports, caches) and, returning, the browser's cache
            found["cpu"].append(used)
            if timing["paint"] == timing["paint"]:  # NaN: the browser recorded no contentful paint
                found["branded"].append(timing["paint"])
            found["visible"].append(timing["now"])
    if returning:
        await context.close()
    return found


async def slider_moves(browser, served: Served, moves: int) -> tuple[list[float], list[float]]:
    """The dashboard's weight slider in a signed-in browser (``bench_app.move_weight_slider``)."""
    context = await browser.new_context(viewport={"width": 1300, "height": 1000})
    page = await context.new_page()
    await page.goto(f"{served.url}/login#{served.secret}")
    await page.wait_for_url(lambda url: "/login" not in url, timeout=30_000)
    await page.goto(f"{served.url}{DASHBOARD}")
    times = await move_weight_slider(page, moves)
    await context.close()
    return times


async def measure(tree: Path, label: str, args, work: Path) -> dict[str, str]:
    folder = work / label
    folder.mkdir()
    demo_secret = build(tree, folder / "demo.db", 0, 760)
    squad_folder = folder / "squad"
    squad_folder.mkdir()
    squad_secret = build(tree, squad_folder / "squad.db", args.squad, 1095)
    out: dict[str, str] = {}
    served = serve(tree, folder / "demo.db", demo_secret, 1)
    squad = serve(tree, squad_folder / "squad.db", squad_secret, 1)
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for visit in ("first", "returning"):
                found = await browser_sessions(
                    browser, served, DASHBOARD, ".trainer-status", 5, visit == "returning", live="#root .trainer-status"
                )
                out[f"dashboard, {visit} visit: server CPU"] = f"{statistics.median(found['cpu']):.2f} CPU-s"
                out[f"dashboard, {visit} visit: today card"] = f"{statistics.median(found['visible']):.2f} s"
                out[f"dashboard, {visit} visit: live dashboard card"] = f"{statistics.median(found['live']):.2f} s"
                out[f"dashboard, {visit} visit: branded paint"] = f"{statistics.median(found['branded']):.2f} s"
            for visit in ("first", "returning"):
                squad_found = await browser_sessions(
                    browser, squad, "/squad/", "text=/past days change/", 3, visit == "returning"
                )
                out[f"squad {args.squad} x 3 y, {visit} visit: server CPU"] = (
                    f"{statistics.median(squad_found['cpu']):.2f} CPU-s"
                )
            moves, harness = await slider_moves(browser, served, 20)
            out["slider -> card painted (in the page)"] = f"{statistics.median(moves):.0f} ms"
            out["slider -> card (as Playwright sees it)"] = f"{statistics.median(harness):.0f} ms"
            try:
                card, run = await server_slider(served)
                out["slider -> card (server's part)"] = f"{card:.0f} ms (run {run:.0f} ms)"
            except Exception as error:  # an older tree without the same page
                out["slider -> card (server's part)"] = f"n/a ({type(error).__name__})"
            await browser.close()
        last, per_session = await at_once(served, args.sessions)
        out[f"{args.sessions} at once, 1 worker"] = f"{last:.1f} s, {per_session:.0f} MB/session"
    finally:
        served.stop()
        squad.stop()
    for workers in (w for w in args.workers if w > 1):
        try:
            served = serve(tree, folder / "demo.db", demo_secret, workers)
        except RuntimeError as error:  # an older tree has no --workers
            out[f"{args.sessions} at once, {workers} workers"] = f"n/a ({str(error)[:20]})"
            continue
        try:
            last, per_session = await at_once(served, args.sessions, workers)
            out[f"{args.sessions} at once, {workers} workers"] = f"{last:.1f} s, {per_session:.0f} MB/session"
        finally:
            served.stop()
    return out


async def one_cell_marimo(runs: int = 5) -> dict[str, str]:
    """marimo's one-cell page under ``marimo run``, first and returning visits: the floor for any marimo page here."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "marimo",
            "-q",
            "run",
            str(ROOT / "benchmarks" / "one_cell_notebook.py"),
            "--headless",
            "--port",
            str(port),
            "--no-token",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    served = Served(f"http://127.0.0.1:{port}", "", [process])
    out = {}
    try:
        wait_for_health(f"{served.url}/health", process)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for visit in ("first", "returning"):
                found = await browser_sessions(browser, served, "/", ".trainer-status", runs, visit == "returning")
                out[f"dashboard, {visit} visit: today card"] = f"{statistics.median(found['visible']):.2f} s"
                out[f"dashboard, {visit} visit: branded paint"] = (
                    f"{statistics.median(found['branded'] or [float('nan')]):.2f} s"
                )
            await browser.close()
    finally:
        served.stop()
    return out


def checkout(ref: str, work: Path) -> Path:
    tree = work / "before-tree"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), ref], cwd=ROOT, check=True)
    return tree


async def main(args) -> None:
    work = Path(tempfile.mkdtemp(prefix="trainer-bench-published-"))
    results = {}
    before_tree = checkout(args.before, work) if args.before else None
    try:
        if before_tree:
            results[f"before ({args.before})"] = await measure(before_tree, "before", args, work)
            print("before:", results[f"before ({args.before})"], flush=True)
        results["now"] = await measure(ROOT, "now", args, work)
        print("now:", results["now"], flush=True)
        results["marimo, one cell"] = await one_cell_marimo()
    finally:
        if before_tree:
            subprocess.run(["git", "worktree", "remove", "--force", str(before_tree)], cwd=ROOT, check=False)
        shutil.rmtree(work, ignore_errors=True)
    labels = list(results)
    width = max(len(k) for r in results.values() for k in r)
    print(f"{'':{width}}  " + "  ".join(f"{label:>24}" for label in labels))
    for key in results["now"]:
        print(f"{key:{width}}  " + "  ".join(f"{results[label].get(key, '-'):>24}" for label in labels))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="a git ref to measure beside this tree, e.g. HEAD~5")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--squad", type=int, default=50)
    parser.add_argument("--workers", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2])
    asyncio.run(main(parser.parse_args()))
