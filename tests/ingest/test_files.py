"""What an importer may read: a regular file, up to a bound. A pipe or a device is refused in one
line naming the file (a FIFO hung every importer; /dev/zero was read until the OOM killer came)."""

from __future__ import annotations

import os
import threading

import pytest

from tests.conftest import run_trainer
from trainer.ingest.files import FileRefused, read_bounded


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "body.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["json", "csv", "fit"])
def test_a_fifo_or_a_device_is_refused_without_reading_it(fifo, kind):
    for path in (fifo, "/dev/zero", "/dev/urandom"):
        with pytest.raises(FileRefused, match="not a regular file"):
            read_bounded(type(fifo)(path), kind)


def test_a_file_larger_than_its_kinds_bound_is_refused(tmp_path, monkeypatch):
    import trainer.ingest.files as files

    monkeypatch.setitem(files.LIMITS, "json", 1024)
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b"1," * 2000 + b"1]")
    with pytest.raises(FileRefused, match="larger than 0 MB"):
        read_bounded(big, "json")


@pytest.mark.parametrize(
    "command",
    [
        ("import", "garmin-json", "{fifo}", "--athlete", "demo-cyclist"),
        ("import", "fit", "{fifo}", "--athlete", "demo-cyclist"),
        ("import", "csv", "wellness", "{fifo}", "--athlete", "demo-cyclist"),
        ("import", "garmin-json", "/dev/zero", "--athlete", "demo-cyclist"),
    ],
)
def test_every_importer_names_the_pipe_and_exits_2_without_hanging(fifo, demo_sqlite_url, command):
    stop = threading.Timer(60, lambda: os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # unblocks a reader that hangs
    stop.start()
    try:
        result = run_trainer(*(part.format(fifo=fifo) for part in command), "--db", demo_sqlite_url)
    finally:
        stop.cancel()
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "not a regular file" in result.stderr
