"""Real servers and Debian's chromium for the end-to-end tests (never a downloaded browser)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.postgres import free_port

CHROMIUM = Path(os.environ.get("TRAINER_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PASSWORD = "test-password-123"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium); browser tests never download one")
    return {
        **browser_type_launch_args, "executable_path": str(CHROMIUM),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class Server:
    def __init__(self, url: str, process: subprocess.Popen, db_path: Path):
        self.url, self.process, self.db_path = url, process, db_path


def start_server(db_path: Path, *extra: str, env: dict | None = None) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "trainer", "app", "--headless", "--port", str(port), "--db", f"sqlite:///{db_path}", *extra],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("trainer app exited: " + process.stdout.read())
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
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


@pytest.fixture(scope="module")
def local_app(demo_sqlite_template, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("local") / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    server = start_server(db_path)
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def published_app(demo_sqlite_template, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("published") / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    server = start_server(db_path, "--publish", env={"TRAINER_APP_PASSWORD": PASSWORD})
    yield server
    server.output = stop_server(server)
