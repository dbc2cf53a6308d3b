"""Real trainer servers for the tests: the local app and the published one, on free loopback ports."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.postgres import free_port


class Server:
    def __init__(self, url: str, process: subprocess.Popen, db_path: Path):
        self.url, self.process, self.db_path = url, process, db_path


def start_server(db_path: Path, *extra: str, env: dict | None = None) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "trainer", "app", "--headless", "--port", str(port), "--db", f"sqlite:///{db_path}", *extra],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    prefix = extra[extra.index("--base-url") + 1].rstrip("/") if "--base-url" in extra else ""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("trainer app exited: " + process.stdout.read())
        try:
            if httpx.get(f"http://127.0.0.1:{port}{prefix}/health", timeout=2).status_code == 200:
                return Server(f"http://127.0.0.1:{port}", process, db_path)
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("trainer app did not answer /health within 60 s")


def stop_server(server: Server) -> str:
    server.process.terminate()
    try:
        return server.process.communicate(timeout=20)[0]
    except subprocess.TimeoutExpired:
        server.process.kill()
        return server.process.communicate()[0]


class Site(Server):
    """A published server with people and their private links (``links[name]`` is the secret)."""

    links: dict[str, str]
    env: dict[str, str]


PEOPLE = {  # who gets a link in the published-site fixture: name -> (role, athletes)
    "cyclist": ("athlete", ["demo-cyclist"]),
    "marathoner": ("athlete", ["demo-marathoner"]),
    "carla": ("coach", ["demo-cyclist", "demo-marathoner"]),
    "rita": ("researcher", []),
}


def start_published_site(db_path: Path, folder: Path, *extra: str) -> Site:
    """Issue the PEOPLE's links in the database, then serve it published (read-only)."""
    from trainer.serve.grants import issue_grant
    from trainer.store.database import open_database

    db = open_database(f"sqlite:///{db_path}")
    links = {}
    for name, (role, athletes) in PEOPLE.items():
        links[name] = issue_grant(db, role, None if role == "athlete" else name.title(), athletes)[1]
    db.engine.dispose()
    env = {"TRAINER_CONFIG_HOME": str(folder / "config"), "TRAINER_DATA_DIR": str(folder / "data")}
    server = start_server(db_path, "--publish", *extra, env=env)
    server.__class__ = Site
    server.links, server.env = links, env
    return server
