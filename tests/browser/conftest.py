"""Real servers and Debian's chromium for the end-to-end tests (never a downloaded browser)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.servers import start_server, stop_server

CHROMIUM = Path(os.environ.get("TRAINER_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium); browser tests never "
            f"download one"
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def local_app(demo_sqlite_template, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("local") / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    server = start_server(db_path)
    yield server
    stop_server(server)
