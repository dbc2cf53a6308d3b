"""An athlete's Garmin tokens and raw archive: keyed by id, private, erased with the athlete, never
a folder outside trainer's own."""

from __future__ import annotations

import stat

import pytest

from tests.conftest import run_trainer
from trainer.errors import TrainerError
from trainer.ingest.private import archive_dir, delete_private, token_dir, write_private
from trainer.settings import Settings
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database


@pytest.fixture
def settings(tmp_path):
    return Settings(
        database_url=f"sqlite:///{tmp_path / 't.db'}", data_dir=tmp_path / "data", config_home=tmp_path / "config"
    )


def test_names_that_used_to_share_a_folder_get_their_own(tmp_path, settings):
    db = open_database(settings.database_url)
    ids = [add_athlete(db, name).id for name in ("a b", "a_b", "a.b")]
    folders = {token_dir(i, settings) for i in ids} | {archive_dir(i, settings) for i in ids}
    assert len(folders) == 6 and all(folder.name.startswith("athlete-") for folder in folders)


@pytest.mark.parametrize("name", [".", "..", "a/b", "../../x", "a\\b", " ana", "ana ", "x\x00y", ""])
def test_unsafe_names_are_refused(tmp_path, name):
    db = open_database(f"sqlite:///{tmp_path / 't.db'}")
    with pytest.raises(TrainerError, match="invalid athlete"):
        add_athlete(db, name)


def test_an_unknown_time_zone_is_refused(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 't.db'}")
    with pytest.raises(TrainerError, match="'Mars/Base' is not an IANA time zone"):
        add_athlete(db, "ana", time_zone="Mars/Base")
    assert add_athlete(db, "ana", time_zone="Europe/Oslo").time_zone == "Europe/Oslo"


def test_archive_files_are_private(settings):
    path = archive_dir(1, settings) / "hrv" / "2023-07-01.json"
    write_private(path, {"hrv": 1})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_erasing_removes_only_the_athletes_own_folders(settings, tmp_path):
    for athlete_id in (1, 2):
        write_private(token_dir(athlete_id, settings) / "garmin_tokens.json", {"t": athlete_id})
        write_private(archive_dir(athlete_id, settings) / "hrv" / "d.json", {})
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    (settings.config_home / "garmin" / "athlete-3").symlink_to(outside)  # a link out of the folder trainer owns
    assert delete_private(1, settings) == ["tokens", "archive"]
    assert not token_dir(1, settings).exists() and not archive_dir(1, settings).exists()
    assert token_dir(2, settings).exists() and archive_dir(2, settings).exists()
    assert delete_private(3, settings) == [] and (outside / "keep.txt").read_text() == "mine"
    assert delete_private(1, settings) == []
    with pytest.raises(ValueError):
        token_dir(0, settings)


def test_athlete_delete_erases_their_tokens_and_archive(tmp_path):
    env = {"TRAINER_CONFIG_HOME": str(tmp_path / "config"), "TRAINER_DATA_DIR": str(tmp_path / "data")}
    db = f"sqlite:///{tmp_path / 't.db'}"
    for name in ("ana", "bo"):
        assert run_trainer("athlete", "add", name, "--db", db, env=env).returncode == 0
    settings = Settings(database_url=db, data_dir=tmp_path / "data", config_home=tmp_path / "config")
    for athlete_id in (1, 2):
        write_private(token_dir(athlete_id, settings) / "garmin_tokens.json", {})
        write_private(archive_dir(athlete_id, settings) / "sleep" / "d.json", {})
    result = run_trainer("athlete", "delete", "ana", "--yes", "--db", db, env=env)
    assert (
        result.returncode == 0
        and "their Garmin tokens" in result.stdout
        and "their raw Garmin archive" in result.stdout
    )
    assert not token_dir(1, settings).exists() and not archive_dir(1, settings).exists()
    assert token_dir(2, settings).exists() and archive_dir(2, settings).exists()


def test_garmin_logout_in_read_only_mode_keeps_the_tokens(tmp_path):
    env = {"TRAINER_CONFIG_HOME": str(tmp_path / "config"), "TRAINER_DATA_DIR": str(tmp_path / "data")}
    db = f"sqlite:///{tmp_path / 't.db'}"
    assert run_trainer("athlete", "add", "ana", "--db", db, env=env).returncode == 0
    settings = Settings(database_url=db, data_dir=tmp_path / "data", config_home=tmp_path / "config")
    write_private(token_dir(1, settings) / "garmin_tokens.json", {})
    refused = run_trainer("garmin", "logout", "--athlete", "ana", "--db", db, env={**env, "TRAINER_READ_ONLY": "1"})
    assert refused.returncode == 2 and "read-only" in refused.stderr and token_dir(1, settings).exists()
    assert run_trainer("garmin", "logout", "--athlete", "ana", "--db", db, env=env).stdout.strip() == "tokens removed"
