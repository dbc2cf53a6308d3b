"""The queue on each backend: Huey's tables made once however many processes start together."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from trainer.jobs.queue import make_huey, queue_file
from trainer.settings import Settings


def test_many_workers_starting_at_once_on_a_fresh_database_all_get_the_queue(db_url, tmp_path):
    settings = Settings(database_url=db_url, data_dir=tmp_path, config_home=tmp_path)
    with ThreadPoolExecutor(8) as pool:
        queues = list(pool.map(lambda _: make_huey(settings), range(8)))
    assert {type(q).__name__ for q in queues} == (
        {"PostgresHuey"} if db_url.startswith("postgresql") else {"SqliteHuey"}
    )
    assert all(q.pending_count() == 0 for q in queues)
    if db_url.startswith("sqlite"):
        assert queue_file(db_url) == tmp_path / "trainer-jobs.db" and queue_file(db_url).exists()


def test_the_default_queue_file_is_not_part_of_the_checkout():
    """Running a worker on the default database writes ``data/trainer-jobs.db``: it must not dirty the
    checkout (it was committed once, so every worker run showed as a change)."""
    import subprocess

    from trainer.jobs.queue import queue_file
    from trainer.settings import DEFAULT_DATA_DIR, PROJECT_ROOT, sqlite_url

    path = queue_file(sqlite_url(DEFAULT_DATA_DIR / "trainer.db")).resolve()
    relative = str(path.relative_to(PROJECT_ROOT.resolve()))
    assert relative == "data/trainer-jobs.db"
    tracked = subprocess.run(["git", "ls-files", relative], cwd=PROJECT_ROOT, capture_output=True, text=True)
    ignored = subprocess.run(["git", "check-ignore", "-q", relative], cwd=PROJECT_ROOT)
    assert tracked.stdout == "" and ignored.returncode == 0
