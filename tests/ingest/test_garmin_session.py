"""Garmin login: MFA on the same client, private token files, no password anywhere afterwards."""

from __future__ import annotations

import json
import stat

import pytest
from garminconnect import GarminConnectAuthenticationError

from trainer.errors import TrainerError
from trainer.ingest.garmin import session
from trainer.ingest.garmin.private import token_dir
from trainer.store.models import Athlete

PASSWORD = "hunter2-secret"
ANA = Athlete(id=1, name="ana")


class FakeTokens:
    def dump(self, path: str) -> None:
        with open(f"{path}/garmin_tokens.json", "w") as handle:
            json.dump({"di_token": "token-abc", "di_refresh_token": "refresh-xyz"}, handle)


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


def test_login_with_mfa_stores_private_tokens_and_no_password():
    folder = session.login(ANA, "ana@example.org", PASSWORD, ask_mfa=lambda: "123456", client_class=FakeGarmin)
    client = FakeGarmin.instances[0]
    assert client.return_on_mfa is True and client.resumed == ({"state": 1}, "123456")  # resumed on the same client
    assert folder == token_dir(1) and folder.name == "athlete-1"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert PASSWORD not in path.read_text()


def test_a_refused_login_says_so_without_the_password():
    with pytest.raises(TrainerError) as refused:
        session.login(ANA, "ana@example.org", "wrong", ask_mfa=lambda: "1", client_class=FakeGarmin)
    assert "refused the login" in str(refused.value) and "wrong" not in str(refused.value)
    assert not token_dir(1).exists()


def test_reopen_needs_a_stored_login():
    with pytest.raises(session.NeedsLogin, match="trainer garmin login --athlete ana"):
        session.reopen(ANA, client_class=FakeGarmin)
    session.login(ANA, "ana@example.org", PASSWORD, ask_mfa=lambda: "1", client_class=FakeGarmin)
    assert session.reopen(ANA, client_class=FakeGarmin) is FakeGarmin.instances[-1]


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


def test_the_apps_login_asks_for_the_mfa_code_in_a_second_step_and_never_repeats_the_password():
    from trainer.views.garmin_login import login_step, mfa_step

    refused = login_step(ANA, "ana@example.org", "wrong", client_class=FakeGarmin)
    assert refused.kind == "danger" and "refused the login" in refused.message and "wrong" not in refused.message
    started = login_step(ANA, " ana@example.org ", PASSWORD, client_class=FakeGarmin)
    assert started.kind == "info" and started.pending is not None and "code" in started.message
    assert PASSWORD not in repr(started) and not token_dir(1).exists()  # nothing stored before the code
    typo = mfa_step(started.pending, "12a456")
    assert typo.kind == "danger" and typo.pending is started.pending  # the same login waits for the code
    done = mfa_step(started.pending, " 123456 ")
    assert done.kind == "success" and "press *Sync Garmin now*" in done.message and done.pending is None
    assert started.pending.client.resumed == ({"state": 1}, "123456")  # finished on the client that started
    assert all(PASSWORD not in path.read_text() for path in token_dir(1).iterdir())


def test_the_app_says_what_to_do_in_the_app_not_what_to_type():
    from trainer.ingest.sync_now import in_app_words

    needed = session.NeedsLogin("ana")
    assert needed.in_words == "No Garmin login stored for ana: log in to Garmin below."
    line = "stopped: Garmin asked for a new login: run `trainer garmin login --athlete ana`"
    assert in_app_words(line, "ana") == "stopped: Garmin asked for a new login: log in to Garmin below"
