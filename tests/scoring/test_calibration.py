"""Every method spreads its days over the bands, on real and made-up athletes: PMData's
participants (real), the three demo athletes and a squad of twelve generated ones. No method puts
more than 5 % of days at 0 or at 100, and each band's share stays within the bounds below (the
seed and normal-range methods are SCORING.md's fixed formulas: their bounds describe them; the
personal method's follow from its calibration against the athlete's own usual: about 7 days in 10
green, 3 yellow, and red on the worst few).
Before the calibration the personal method put 39 % of the demo days at exactly 100 and 91 % in
green."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from trainer.demo.squad import squad_profiles
from trainer.demo.writer import write_demo
from trainer.ingest.pmdata import import_pmdata
from trainer.research.report import load_inputs
from trainer.scoring import ScoringConfig, score_days
from trainer.scoring.personal import with_check_ins
from trainer.store.database import open_database

PMDATA = Path(__file__).resolve().parents[1] / "fixtures" / "pmdata"
BOUNDS = {  # percent of scored days: (at least, at most)
    "seed": {"green": (5, 40), "yellow": (40, 80), "red": (3, 30)},
    "normal-range": {"green": (30, 60), "yellow": (30, 60), "red": (3, 25)},
    "personal": {"green": (55, 75), "yellow": (20, 35), "red": (0.5, 15)},
}
AT_THE_ENDS = 5.0


@pytest.fixture(scope="module")
def data_sets(tmp_path_factory, demo_sqlite_template) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("calibration")
    pmdata = open_database(f"sqlite:///{folder / 'pmdata.db'}")
    import_pmdata(pmdata, PMDATA)
    squad = open_database(f"sqlite:///{folder / 'squad.db'}")
    write_demo(squad, date(2026, 11, 24), profiles=squad_profiles(12))
    demo = open_database(f"sqlite:///{demo_sqlite_template}", read_only=True)
    return {name: load_inputs(db, None) for name, db in (("PMData", pmdata), ("demo", demo), ("squad", squad))}


def shares(numbers: pl.Series) -> dict[str, float]:
    n = numbers.drop_nulls()
    percent = lambda mask: 100 * float(mask.sum()) / n.len()  # noqa: E731
    return {
        "at 0": percent(n <= 0),
        "at 100": percent(n >= 100),
        "green": percent(n >= 80),
        "yellow": percent((n >= 50) & (n < 80)),
        "red": percent(n < 50),
    }


@pytest.mark.parametrize("method", ["seed", "normal-range", "personal"])
@pytest.mark.parametrize("name", ["PMData", "demo", "squad"])
def test_every_method_spreads_its_days_over_the_bands(data_sets, name, method):
    inputs = data_sets[name]
    scores = score_days(
        with_check_ins(inputs["wellness"], inputs["check_ins"]), inputs["loads"], ScoringConfig(method=method)
    )
    numbers = ["total_score", "forecast", "with_checkin"] if method == "personal" else ["total_score"]
    for column in numbers:
        got = shares(scores[column])
        assert scores[column].drop_nulls().len() > 300
        assert got["at 0"] <= AT_THE_ENDS and got["at 100"] <= AT_THE_ENDS, (column, got)
        for band, (low, high) in BOUNDS[method].items():
            assert low <= got[band] <= high, (column, band, got)
