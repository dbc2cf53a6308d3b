"""``trainer study`` as a coach meets it: randomise once, watch adherence, get the pre-registered
answer (interim before the end, marked on every line), and a study that was edited is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update

from tests.conftest import run_trainer
from trainer.store.database import open_database
from trainer.store.models import StudyAllocation, table_of

PMDATA = Path(__file__).resolve().parents[1] / "fixtures" / "pmdata"


@pytest.fixture()
def pmdata_db(tmp_path) -> str:
    from trainer.ingest.pmdata import import_pmdata

    url = f"sqlite:///{tmp_path / 'pm.db'}"
    import_pmdata(open_database(url), PMDATA)
    return url


def test_a_study_runs_from_randomisation_to_its_frozen_report(pmdata_db, tmp_path):
    made = run_trainer(
        "study",
        "create",
        "pilot",
        "--arms",
        "seed,personal",
        "--all",
        "--start",
        "2019-11-20",
        "--weeks",
        "8",
        "--db",
        pmdata_db,
    )
    assert made.returncode == 0, made.stderr
    assert (
        "6 athletes allocated at random (standard arm 3, personal arm 3; in blocks of one athlete per arm within each "
        "main sport, the athletes a sport left over going to the arms with the fewest so far), 2019-11-20 to "
        "2020-01-14; plan sealed " in made.stdout
    )
    again = run_trainer("study", "create", "pilot", "--arms", "seed,normal-range", "--all", "--db", pmdata_db)
    assert again.returncode == 2 and "cannot change once made" in again.stderr
    overlapping = run_trainer(
        "study", "create", "other", "--arms", "seed,personal", "--all", "--start", "2019-12-01", "--db", pmdata_db
    )
    assert overlapping.returncode == 2 and "one study at a time" in overlapping.stderr

    status = json.loads(run_trainer("study", "status", "--on", "2019-12-20", "--json", "--db", pmdata_db).stdout)
    assert status[0]["state"] == "running" and status[0]["days_left"] == 25
    assert [arm["athletes"] for arm in status[0]["arms"]] == [3, 3]
    assert all(0 < arm["adherence"] <= 1 for arm in status[0]["arms"])

    early = run_trainer("study", "report", "pilot", "--on", "2019-12-20", "--db", pmdata_db)
    assert early.returncode == 0, early.stderr
    lines = early.stdout.strip().splitlines()
    assert len(lines) == 5 and all(line.startswith("INTERIM (day 31 of 56") for line in lines)

    final = run_trainer(
        "study", "report", "pilot", "--on", "2020-03-01", "--json", "--report", str(tmp_path / "r"), "--db", pmdata_db
    )
    result = json.loads(final.stdout)
    assert result["interim"] is False and result["day"] == 56
    assert result["plan"]["score_shown"] == {"seed": "total_score", "personal": "forecast"}
    assert result["comparisons"][0]["comparison"] == "personal minus seed"
    assert sum(arm["analysed"] for arm in result["arms"]) >= 4
    page = (tmp_path / "r" / "index.html").read_text()
    assert "Study pilot" in page and "Interim" not in page and json.loads((tmp_path / "r" / "result.json").read_text())

    db = open_database(pmdata_db)
    with db.engine.begin() as connection:  # someone moves an athlete to the other arm after the start
        a = table_of(StudyAllocation)
        first = connection.execute(a.select().order_by(a.c.id)).first()
        other = "seed" if first.arm == "personal" else "personal"
        connection.execute(update(a).where(a.c.id == first.id).values(arm=other))
    tampered = run_trainer("study", "report", "pilot", "--db", pmdata_db)
    assert tampered.returncode == 2 and "was changed after it started" in tampered.stderr


def test_a_study_refuses_what_it_cannot_run(pmdata_db):
    few = run_trainer(
        "study", "create", "x", "--arms", "seed,personal", "--athletes", "pmdata-p01,pmdata-p02", "--db", pmdata_db
    )
    assert few.returncode == 2 and "at least two athletes per arm" in few.stderr
    arms = run_trainer("study", "create", "x", "--arms", "seed,seed", "--all", "--db", pmdata_db)
    assert arms.returncode == 2 and "two or more different methods" in arms.stderr
    unknown = run_trainer("study", "create", "x", "--arms", "seed,magic", "--all", "--db", pmdata_db)
    assert unknown.returncode == 2 and "unknown method 'magic'" in unknown.stderr
    both = run_trainer("study", "create", "x", "--arms", "seed,personal", "--db", pmdata_db)
    assert both.returncode == 2 and "--athletes a,b or --all" in both.stderr
    missing = run_trainer("study", "report", "nothing", "--db", pmdata_db)
    assert missing.returncode == 2 and "no study called 'nothing'" in missing.stderr
    empty = run_trainer("study", "status", "--db", pmdata_db)
    assert empty.returncode == 0 and "no studies yet" in empty.stdout


def test_a_study_of_demo_athletes_says_so_and_what_it_cannot_compute_yet(demo_sqlite_url, tmp_path):
    """On a fresh install the only athletes are the demo's: a study of them says they are made up,
    names the arms as the levers do, and reads no nan before anyone has checked in."""
    squad = run_trainer("demo", "--squad", "1", "--days", "60", "--end", "2026-11-24", "--db", demo_sqlite_url)
    assert squad.returncode == 0, squad.stderr
    made = run_trainer("study", "create", "trial", "--arms", "seed,personal", "--all", "--db", demo_sqlite_url)
    assert made.returncode == 0, made.stderr
    assert "4 athletes allocated at random (standard arm 2, personal arm 2; " in made.stdout
    report = run_trainer("study", "report", "trial", "--report", str(tmp_path / "r"), "--db", demo_sqlite_url)
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "r" / "index.html").read_text()
    said = page.split("<h2>The frozen analysis plan</h2>")[0]  # the report's words, not the plan's JSON
    for text in (report.stdout, said):
        assert "Demo data: 4 of the athletes are made-up demo athletes" in text and "proves nothing" in text
        assert "not computable yet: needs" in text and "standard arm" in text
        for word in ("nan", "None", "n/a", "seed arm", "minus seed"):
            assert word not in text.replace("resampling seed", ""), word
