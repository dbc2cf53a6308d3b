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
