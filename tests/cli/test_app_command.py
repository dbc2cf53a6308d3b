"""`trainer app` on a machine with no database: writes the demo athletes, serves, answers /health."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from tests.postgres import free_port


def test_app_creates_demo_and_serves_health(tmp_path):
    port = free_port()
    db = tmp_path / "fresh.db"
    server = subprocess.Popen(
        [sys.executable, "-m", "trainer", "app", "--headless", "--port", str(port), "--db", f"sqlite:///{db}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ},
    )
    try:
        deadline, status = time.monotonic() + 90, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert status == 200
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200
        assert db.exists()
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "writing the demo athletes" in output
    assert f"http://127.0.0.1:{port}" in output
