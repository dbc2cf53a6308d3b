"""Garmin login: MFA on the same client, the tokens sealed in the database, no password anywhere afterwards."""

from __future__ import annotations

import json

import pytest
from garminconnect import GarminConnectAuthenticationError
from sqlalchemy import select

from trainer.errors import TrainerError
from trainer.ingest.garmin import session
from trainer.ingest.garmin.login_store import LoginUnreadable, read_tokens
from trainer.ingest.private import token_dir
from trainer.settings import Settings
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database
from trainer.store.models import GarminLogin, table_of

PASSWORD = "hunter2-secret"
TOKENS = {"di_token": "token-abc", "di_refresh_token": "refresh-xyz"}


class FakeTokens:
    def dumps(self) -> str:
        return json.dumps(TOKENS)


class FakeGarmin:
    instances: list = []

    def __init__(self, email=None, password=None, return_on_mfa=False):
        self.email, self.password, self.return_on_mfa = email, password, return_on_mfa
        self.client = FakeTokens()
        self.resumed = None
        FakeGarmin.instances.append(self)

    def login(self, tokenstore=None):
        if tokenstore is not None:
            return None, None
        if self.password != PASSWORD:
            raise GarminConnectAuthenticationError("401")
        return "needs_mfa", {"state": 1}

    def resume_login(self, state, code):
        self.resumed = (state, code)
        return None, None


@pytest.fixture(autouse=True)
def private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_CONFIG_HOME", str(tmp_path / "config"))
    FakeGarmin.instances.clear()


@pytest.fixture
def db(tmp_path):
    return open_database(f"sqlite:///{tmp_path / 't.db'}")


@pytest.fixture
def ANA(db):
    return add_athlete(db, "ana")


def stored(db) -> list[str]:
    with db.engine.connect() as connection:
        return list(connection.execute(select(table_of(GarminLogin).c.tokens_sealed)).scalars())


def test_login_with_mfa_stores_the_tokens_sealed_in_the_database_and_no_password(db, ANA, tmp_path):
    session.login(db, ANA, "ana@example.org", PASSWORD, ask_mfa=lambda: "123456", client_class=FakeGarmin)
    client = FakeGarmin.instances[0]
    assert client.return_on_mfa is True and client.resumed == ({"state": 1}, "123456")  # resumed on the same client
    [sealed] = stored(db)
    assert "refresh-xyz" not in sealed and "token-abc" not in sealed and PASSWORD not in sealed  # a copy reveals none
    assert json.loads(read_tokens(db, ANA.id, Settings.from_env())) == TOKENS
    assert not token_dir(ANA.id).exists()  # nothing on this machine's disk
    assert PASSWORD.encode() not in (tmp_path / "t.db").read_bytes()


def test_a_machine_with_another_key_cannot_open_the_login_and_says_which_key(db, ANA, tmp_path, monkeypatch):
    session.login(db, ANA, "ana@example.org", PASSWORD, ask_mfa=lambda: "1", client_class=FakeGarmin)
    monkeypatch.setenv("TRAINER_CONFIG_HOME", str(tmp_path / "other-machine"))
    with pytest.raises(LoginUnreadable) as unreadable:
        read_tokens(db, ANA.id, Settings.from_env())
    assert str(unreadable.value) == (
        f"the stored Garmin login cannot be opened with the key in {tmp_path / 'other-machine' / 'app-secret-key'}: "
        "give this machine the site's key file (TRAINER_SECRET_KEY_FILE), or log in again"
    )


def test_a_refused_login_says_so_without_the_password(db, ANA):
    with pytest.raises(TrainerError) as refused:
        session.login(db, ANA, "ana@example.org", "wrong", ask_mfa=lambda: "1", client_class=FakeGarmin)
    assert "refused the login" in str(refused.value) and "wrong" not in str(refused.value)
    assert stored(db) == []


def test_a_use_needs_a_stored_login(db, ANA):
    with pytest.raises(session.NeedsLogin, match="trainer garmin login --athlete ana"):
        with session.login_held(db, ANA, client_class=FakeGarmin) as held:
            held.client()
    session.login(db, ANA, "ana@example.org", PASSWORD, ask_mfa=lambda: "1", client_class=FakeGarmin)
    with session.login_held(db, ANA, client_class=FakeGarmin) as held:
        assert held.client() is FakeGarmin.instances[-1]


def test_sync_all_goes_on_past_a_failing_athlete_and_exits_1(tmp_path):
    """Two athletes with stored but unusable tokens: each fails with a message naming what to do,
    neither stops the other, and the exit status says something failed (no network is reached)."""
    from tests.conftest import run_trainer

    db = f"sqlite:///{tmp_path / 't.db'}"
    env = {"TRAINER_CONFIG_HOME": str(tmp_path / "config"), "TRAINER_DATA_DIR": str(tmp_path / "data")}
    for athlete_id, name in ((1, "ana"), (2, "ben")):
        assert run_trainer("athlete", "add", name, "--db", db, env=env).returncode == 0
        folder = tmp_path / "config" / "garmin" / f"athlete-{athlete_id}"
        folder.mkdir(parents=True)
        (folder / "garmin_tokens.json").write_text("not tokens")
    result = run_trainer("sync", "--all", "--db", db, env=env)
    assert result.returncode == 1
    assert "ana: " in result.stderr and "ben: " in result.stderr
    assert (
        "trainer garmin login --athlete ana" in result.stderr and "trainer garmin login --athlete ben" in result.stderr
    )


def test_the_apps_login_asks_for_the_mfa_code_in_a_second_step_and_never_repeats_the_password(db, ANA):
    from trainer.views.garmin_login import login_step, mfa_step

    refused = login_step(db, ANA, "ana@example.org", "wrong", client_class=FakeGarmin)
    assert refused.kind == "danger" and "refused the login" in refused.message and "wrong" not in refused.message
    started = login_step(db, ANA, " ana@example.org ", PASSWORD, client_class=FakeGarmin)
    assert started.kind == "info" and started.pending is not None and "code" in started.message
    assert PASSWORD not in repr(started) and stored(db) == []  # nothing stored before the code
    typo = mfa_step(started.pending, "12a456")
    assert typo.kind == "danger" and typo.pending is started.pending  # the same login waits for the code
    done = mfa_step(started.pending, " 123456 ")
    assert done.kind == "success" and "press *Sync now*" in done.message and done.pending is None
    assert started.pending.client.resumed == ({"state": 1}, "123456")  # finished on the client that started
    assert json.loads(read_tokens(db, ANA.id, Settings.from_env())) == TOKENS


def test_the_app_says_what_to_do_in_the_app_not_what_to_type():
    from trainer.ingest.sync_now import in_app_words

    needed = session.NeedsLogin("ana")
    assert needed.in_words == "No Garmin login stored for ana: log in to Garmin below."
    line = "stopped: Garmin asked for a new login: run `trainer garmin login --athlete ana`"
    assert in_app_words(line, "ana") == "stopped: Garmin asked for a new login: log in to Garmin below"
