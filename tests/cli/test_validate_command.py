"""``trainer validate`` as a researcher meets it: odd data gets one line and exit 2, JSON is strict,
every CI says how it was drawn, and PMData gives the whole comparison, export and report."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import run_trainer
from trainer.ingest.csv_import import import_csv
from trainer.research.resampling import VERDICTS, judged
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database

PMDATA = Path(__file__).resolve().parents[1] / "fixtures" / "pmdata"
START = date(2025, 3, 3)


def strict_json(text: str):
    """json.loads that refuses NaN and Infinity, as strict parsers do."""

    def refuse(constant):
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def wellness_days(days: int, shift: int = 0) -> list[dict]:
    return [
        {
            "date": START + timedelta(d),
            "resting_hr": 48 + (d * 7 + shift) % 6,
            "sleep_minutes": 400 + (d * 13 + shift) % 90,
        }
        for d in range(days)
    ]


def readiness_days(days: int, first: int = 0, shift: int = 0, constant: float | None = None) -> list[dict]:
    return [
        {
            "date": START + timedelta(d),
            "readiness": constant if constant is not None else float(3 + (d * 5 + shift) % 7),
        }
        for d in range(first, days)
    ]


def squad(tmp_path: Path, athletes: dict[str, tuple[list[dict], list[dict]]]) -> str:
    """A database with these athletes' wellness and readiness, imported from CSV files."""
    url = f"sqlite:///{tmp_path / 'squad.db'}"
    db = open_database(url)
    for name, (wellness, readiness) in athletes.items():
        athlete = add_athlete(db, name)
        for kind, rows in (("wellness", wellness), ("readiness", readiness)):
            if rows:
                path = tmp_path / f"{name}-{kind}.csv"
                pl.DataFrame(rows).write_csv(path)
                assert import_csv(db, athlete.id, path, kind).written == len(rows)
    return url


def refused(result, reason: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and reason in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_one_demo_athlete_is_one_line_not_a_traceback(demo_sqlite_url):
    for extra in ([], ["--json"], ["--fit"]):
        refused(
            run_trainer("validate", "--athletes", "demo-cyclist", "--db", demo_sqlite_url, *extra), "only one athlete"
        )


@pytest.mark.parametrize(
    "case, reason",
    [
        ("no athletes", "no perceived readiness"),
        ("one athlete", "only one athlete"),
        ("one with data beside one without", "only one athlete"),
        ("readiness but no scores", "no day has both a recovery score and a readiness report"),
        ("a single day", "no day has both a recovery score and a readiness report"),
        ("constant readiness", "readiness never changes within an athlete"),
        ("two reports each", "too few"),
    ],
)
def test_data_that_cannot_be_validated_is_explained_in_one_line(tmp_path, case, reason):
    athletes = {
        "no athletes": {},
        "one athlete": {"ana": (wellness_days(30), readiness_days(30))},
        "one with data beside one without": {"ana": (wellness_days(30), readiness_days(30)), "bo": ([], [])},
        "readiness but no scores": {"ana": ([], readiness_days(30)), "bo": ([], readiness_days(30, shift=2))},
        "a single day": {
            "ana": (wellness_days(1), readiness_days(1)),
            "bo": (wellness_days(1, 3), readiness_days(1, shift=3)),
        },
        "constant readiness": {
            "ana": (wellness_days(30), readiness_days(30, constant=6)),
            "bo": (wellness_days(30, 2), readiness_days(30, constant=4)),
        },
        "two reports each": {
            "ana": (wellness_days(6), readiness_days(6, first=4)),
            "bo": (wellness_days(6, 1), readiness_days(6, first=4, shift=1)),
        },
    }[case]
    url = squad(tmp_path, athletes)
    for extra in ([], ["--json"]):
        refused(run_trainer("validate", "--db", url, *extra), reason)


def test_an_empty_athlete_list_is_explained(tmp_path):
    url = squad(tmp_path, {"ana": (wellness_days(30), readiness_days(30))})
    refused(run_trainer("validate", "--athletes", "ana,", "--db", url), "empty name")


def test_few_athletes_warn_and_every_ci_says_how_it_was_drawn(tmp_path):
    url = squad(
        tmp_path,
        {
            name: (wellness_days(40, shift), readiness_days(40, shift=shift))
            for shift, name in enumerate(["ana", "bo", "cy"])
        },
    )
    result = run_trainer("validate", "--db", url, "--draws", "500", "--seed", "7")
    assert result.returncode == 0, result.stderr
    assert "warning: Only 3 athletes" in result.stderr and "poorly estimated" in result.stderr
    cis = [line for line in result.stdout.splitlines() if "CI " in line]
    assert len(cis) >= 6 and all("500 draws, resampling seed 7" in line for line in cis)
    data = strict_json(run_trainer("validate", "--db", url, "--json").stdout)
    assert data["bootstrap"] == {
        "draws": 2000,
        "seed": 1,
        "confidence": 0.95,
        "practical_difference": 0.05,
        "unit": "athlete",
    }
    assert data["warnings"] and data["n_athletes"] == 3
    assert next(row for row in data["predictors"] if row["key"] == "hrv_only") == {
        "key": "hrv_only",
        "label": "HRV alone",
        "n_days": 0,
        "n_athletes": 0,
        "rmcorr": None,
        "ci_low": None,
        "ci_high": None,
    }
    other = strict_json(run_trainer("validate", "--db", url, "--json", "--draws", "300", "--seed", "2").stdout)
    assert other["rmcorr"] == data["rmcorr"] and other["bootstrap"]["draws"] == 300 and other["bootstrap"]["seed"] == 2


@pytest.fixture(scope="module")
def pmdata_db(tmp_path_factory) -> str:
    from trainer.ingest.pmdata import import_pmdata

    url = f"sqlite:///{tmp_path_factory.mktemp('pm') / 'pm.db'}"
    import_pmdata(open_database(url), PMDATA)
    return url


def test_pmdata_sets_the_score_beside_the_baselines_with_honest_verdicts(pmdata_db, tmp_path):
    result = run_trainer("validate", "--fit", "--json", "--db", pmdata_db, "--export", str(tmp_path / "a"))
    assert result.returncode == 0, result.stderr
    data = strict_json(result.stdout)
    # p12 has no resting HR and sleep alone is 0.2 of the weight: none of its days gets a score
    assert data["n_athletes"] == 5 and data["warnings"] == [] and data["components"]["hrv"]["rmcorr"] is None
    keys = [row["key"] for row in data["predictors"]]
    assert keys == [
        "total_score",
        "other_score",
        "resting_hr_only",
        "sleep_only",
        "hrv_only",
        "yesterday",
        "athlete_mean",
        "fitted_score",
    ]
    assert [row["against"] for row in data["comparisons"]] == keys[1:4] + keys[
        5:7
    ]  # HRV alone has no data; fitted has its own section
    for row in data["comparisons"]:
        assert row["verdict"] == judged(row["ci_low"], row["ci_high"], 0.05)
        if row["ci_low"] <= 0 <= row["ci_high"]:
            assert row["verdict"] in ("no detectable difference", "no practical difference")
    assert (
        data["verdict"]["best"]
        == max((row for row in data["predictors"] if row["rmcorr"] is not None), key=lambda row: row["rmcorr"])["key"]
    )
    forward = data["fit"]["time_forward"]
    assert forward["train_days"] > forward["test_days"] > 0 and forward["fitted_vs_seed"]["verdict"] in VERDICTS
    again = run_trainer("validate", "--fit", "--json", "--db", pmdata_db, "--export", str(tmp_path / "b"))
    assert strict_json(again.stdout) == data
    config_a, config_b = (json.loads((tmp_path / d / "config.json").read_text()) for d in ("a", "b"))
    assert config_a == config_b and len(config_a["input_sha256"]) == 64
    assert strict_json((tmp_path / "a" / "result.json").read_text()) == data
    daily = pl.read_parquet(tmp_path / "a" / "daily.parquet")
    assert (
        daily.filter(pl.col("total_score").is_not_null() & pl.col("readiness").is_not_null()).height == data["n_days"]
    )


def test_a_fit_counts_its_athletes_off_on_a_terminal_only(pmdata_db):
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", "--fit", "--db", pmdata_db],
        stdout=subprocess.PIPE,
        stderr=follower,
        timeout=120,
    )
    os.close(follower)
    shown = os.read(leader, 65536).decode()
    os.close(leader)
    assert done.returncode == 0 and "fitting weights: 5 of 5 held-out athletes" in shown and "1 of 5" in shown


def test_pmdata_text_names_the_best_and_never_says_beats_inside_the_ci(pmdata_db):
    result = run_trainer("validate", "--fit", "--db", pmdata_db)
    assert "fitting weights" not in result.stderr  # progress shows on a terminal only
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "tracks readiness best" in text and "yesterday's readiness" in text
    assert "beats the standard" not in text and "does not beat" in text and "by a difference that matters" in text
    assert "seed score" not in text and "seed method" not in text  # the levers' name: standard


def test_the_report_is_written_with_everything_a_reviewer_needs(pmdata_db, tmp_path):
    result = run_trainer("validate", "--db", pmdata_db, "--report", str(tmp_path / "report"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "report" / "index.html").read_text()
    data = strict_json((tmp_path / "report" / "result.json").read_text())
    assert "fit" in data  # the report includes the fitted weights and the time-forward check
    from trainer.research.report import input_hash, load_inputs

    digest = input_hash(load_inputs(open_database(pmdata_db), None))
    for part in (
        "<svg",
        "Methods",
        "Software",
        "polars",
        "scipy",
        digest,
        "trainer validate --method seed",
        "--draws 2000 --seed 1 --report report",
        "Time-forward",
        "tracks readiness best",
        "A5",
    ):
        assert part in page, part
    assert page.count("<svg") == 4 and "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    assert "pmdata-p0" not in page and "sqlite" not in page  # no names, no database address


def test_the_personal_forecast_is_judged_on_athletes_its_weights_never_saw(pmdata_db):
    result = run_trainer("validate", "--method", "personal", "--json", "--draws", "500", "--db", pmdata_db)
    assert result.returncode == 0, result.stderr
    data = strict_json(result.stdout)
    labels = [row["label"] for row in data["predictors"]]
    assert labels[:3] == ["personal forecast (held-out athletes)", "standard score", "normal-range score"]
    by_key = {row["key"]: row for row in data["predictors"]}
    # the forecast reads yesterday's and the week's check-ins, so it tracks readiness far better than the seed score
    assert by_key["total_score"]["rmcorr"] > by_key["yesterday"]["rmcorr"] > by_key["other_score"]["rmcorr"]
    seed = next(row for row in data["comparisons"] if row["against"] == "other_score")
    assert seed["difference"] > 0.1
    personal = data["personal"]
    assert personal["with_checkin"]["against"] == "the next day's readiness"
    assert [row["label"] for row in personal["with_checkin"]["comparisons"]] == [
        "standard score",
        "today's readiness alone",
        "the forecast alone",
    ]
    assert personal["load_check"]["label"] == "the forecast without load"
    text = run_trainer("validate", "--method", "personal", "--draws", "200", "--db", pmdata_db).stdout
    assert "never the answers it contains" in text and "load stays beside the score as context" in text


def test_the_personal_report_page_has_the_check_in_and_load_sections(pmdata_db, tmp_path):
    result = run_trainer(
        "validate", "--method", "personal", "--draws", "200", "--report", str(tmp_path / "r"), "--db", pmdata_db
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "r" / "index.html").read_text()
    assert "With the check-in, and load" in page and "never the answers it contains" in page
    assert "personal forecast (held-out athletes)" in page


def test_over_demo_athletes_every_output_says_demo_and_no_figure_reads_nan(demo_sqlite_url, tmp_path):
    """trainer validate on a fresh install once reported "p = 1.8e-128 ... the personal score is
    better" about the three made-up demo athletes with no word that they are made up."""
    done = run_trainer("validate", "--method", "personal", "--db", demo_sqlite_url, "--report", str(tmp_path / "r"))
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "r" / "index.html").read_text()
    said = "Demo data: All 3 athletes here are made-up demo athletes (trainer demo)"
    for text in (done.stdout, page):
        assert said in text and "prove nothing about real athletes" in text
        words = re.sub(r"<[^>]+>", " ", text)
        assert not re.search(r"\b(nan|None|n/a)\b", words), re.search(r".{60}\b(nan|None|n/a)\b.{20}", words)
    assert "standard score" in done.stdout and "seed score" not in done.stdout
    assert "hrv=0.4" not in done.stdout  # the personal method does not use the standard method's weights
