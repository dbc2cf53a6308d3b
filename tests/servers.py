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


def start_server(
    db_path: Path, *extra: str, env: dict | None = None, port: int | None = None, url: str | None = None
) -> Server:
    """``trainer app`` on the SQLite file ``db_path``, or on ``url`` (a PostgreSQL database) when given."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trainer",
            "app",
            "--headless",
            "--port",
            str(port),
            "--db",
            url or f"sqlite:///{db_path}",
            *extra,
        ],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
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


def issue_links(db_path: Path, url: str | None = None) -> dict[str, str]:
    """Issue the PEOPLE's links in the database; returns each person's secret."""
    from trainer.access.grants import issue_grant
    from trainer.store.database import open_database

    db = open_database(url or f"sqlite:///{db_path}")
    links = {}
    for name, (role, athletes) in PEOPLE.items():
        links[name] = issue_grant(db, role, None if role == "athlete" else name.title(), athletes)[1]
    db.engine.dispose()
    return links


def start_published_site(db_path: Path, folder: Path, *extra: str, env: dict[str, str] | None = None) -> Site:
    """Issue the PEOPLE's links in the database, then serve it published (read-only); ``env`` adds
    to the server's environment (``TRAINER_NOW``: another moment)."""
    links = issue_links(db_path)
    env = {"TRAINER_CONFIG_HOME": str(folder / "config"), "TRAINER_DATA_DIR": str(folder / "data"), **(env or {})}
    server = start_server(db_path, "--publish", *extra, env=env)
    server.__class__ = Site
    server.links, server.env = links, env
    return server


NGINX = Path("/usr/sbin/nginx")


class ScaledSite(Site):
    """Published workers behind a real nginx; ``url`` is nginx's, ``log`` its access log."""

    nginx: subprocess.Popen
    log: Path
    worker_ports: list[int]


def consecutive_free_ports(count: int) -> int:
    """The first of ``count`` free loopback ports in a row."""
    import socket

    for _ in range(50):
        first = free_port()
        sockets = []
        try:
            for port in range(first, first + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError(f"no {count} free ports in a row")


def start_scaled_site(db_path: Path, folder: Path, workers: int = 2) -> ScaledSite:
    """``trainer app --publish --workers N`` and Debian's nginx in front with trainer's own config."""
    from trainer.serve.nginx import write_standalone

    if not NGINX.exists():
        raise RuntimeError(
            f"{NGINX} not found: install Debian's nginx (.ci/system-deps does); the scale-out tests never skip"
        )
    links = issue_links(db_path)
    env = {"TRAINER_CONFIG_HOME": str(folder / "config"), "TRAINER_DATA_DIR": str(folder / "data")}
    first = consecutive_free_ports(workers)
    server = start_server(db_path, "--publish", "--workers", str(workers), env=env, port=first)
    ports = list(range(first, first + workers))
    for port in ports[1:]:
        wait_for_health(f"http://127.0.0.1:{port}/health", server.process)
    listen = free_port()
    conf = write_standalone(ports, f"127.0.0.1:{listen}", folder / "nginx")
    nginx = subprocess.Popen(
        [str(NGINX), "-c", str(conf), "-p", str(conf.parent)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    wait_for_health(f"http://127.0.0.1:{listen}/health", nginx)
    server.__class__ = ScaledSite
    server.url, server.links, server.env = f"http://127.0.0.1:{listen}", links, env
    server.nginx, server.log, server.worker_ports = nginx, conf.parent / "access.log", ports
    return server


def wait_for_health(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited: {process.stdout.read() if process.stdout else ''}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def stop_scaled_site(site: ScaledSite) -> str:
    site.nginx.terminate()
    site.nginx.wait(timeout=20)
    return stop_server(site)
