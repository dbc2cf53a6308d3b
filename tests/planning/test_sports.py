"""Plans in every endurance sport: the plan bar's rules hold for cycling, triathlon and base goals
(hypothesis), plans start from what the athlete does now, and real rides and a real triathlon
(the FIT fixtures) give plans in their own sports with targets checked against them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.planning.helpers import FIRST_DAY, HR, easy_share
from trainer.ingest.fit_import import import_fit
from trainer.ingest.merge import store_zones
from trainer.planning.fitness import Fitness
from trainer.planning.generate import build_plan, capacity
from trainer.planning.goals import GoalSpec, goal_event
from trainer.planning.rules import TRIATHLON_KM, PlanRules
from trainer.planning.service import check_goal, fitness_on, preview_plan
from trainer.scoring.zones import sport_zones
from trainer.store.athletes import add_athlete
from trainer.store.database import open_database

RULES = PlanRules()
FIT = Path(__file__).resolve().parents[1] / "fixtures" / "fit"
RIDES = sorted(FIT.glob("bike_*.fit"))  # an Edge 500, an Edge 810 and a Wahoo ELEMNT: real rides, 2011-2019
TRIATHLON = FIT / "triathlon_garmin-fenix2_hr_gps_2015-08-29.fit"
TAPER_DAYS = {"gran-fondo": 14, "time-trial": 7, "stage": 14, "sprint": 7, "olympic": 14, "70.3": 14, "full": 21}
SPORTS = {"bike": {"bike"}, "triathlon": {"swim", "bike", "run", "triathlon"}}


@st.composite
def sport_goals(draw):
    kind = draw(st.sampled_from(["gran-fondo", "time-trial", "stage", "sprint", "olympic", "70.3", "full", "base"]))
    available = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=4, max_size=7))))
    sport = "bike" if kind in ("gran-fondo", "time-trial", "stage") else "triathlon"
    if kind == "base":
        sport = draw(st.sampled_from(["run", "bike", "triathlon"]))
    goal = GoalSpec(
        name="event",
        distance_km=round(sum(TRIATHLON_KM[kind]), 2) if kind in TRIATHLON_KM else None,
        event_date=FIRST_DAY + timedelta(days=draw(st.integers(35, 230))),
        sport=sport,
        days_per_week=draw(st.integers(3, len(available))),
        available_days=available,
        max_minutes=draw(st.none() | st.integers(60, 360)),
        event=kind,  # type: ignore[arg-type]
        event_hours=draw(st.floats(1, 8)) if sport == "bike" and kind != "base" else None,
        stage_days=draw(st.integers(2, 5)) if kind == "stage" else None,
    )
    weekly = draw(st.floats(0, 900))
    lpm = draw(st.floats(0.8, 2.0))
    fitness = Fitness(ctl=weekly * lpm / 7 * draw(st.floats(0.7, 1.1)), weekly_minutes=weekly, load_per_minute=lpm)
    return goal, fitness


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(sport_goals())
def test_the_plan_bar_holds_for_every_sport(goal_fitness):
    goal, fitness = goal_fitness
    plan = build_plan(goal, fitness, HR, FIRST_DAY, RULES)
    start = min(
        max(round(fitness.weekly_minutes), RULES.beginner_minutes_per_day * goal.days_per_week), capacity(goal, RULES)
    )
    last, streak = start, 0
    before_taper = plan.weeks.filter(pl.col("phase") != "taper")["week"].max()  # may load on into the taper
    for week in plan.weeks.rows(named=True):  # progression and deload cadence
        if week["phase"] != "taper" and not week["deload"]:
            assert week["planned_minutes"] <= last * (1 + RULES.max_weekly_growth) + 1, week
            last, streak = week["planned_minutes"], streak + 1
            assert streak <= RULES.deload_every - 1 or week["week"] == before_taper, plan.weeks
        elif week["deload"]:
            streak = 0
    taper = plan.weeks.filter(pl.col("phase") == "taper")
    assert taper.height * 7 == (0 if goal.is_base else TAPER_DAYS[goal.kind])
    assert (easy_share(plan.workouts)["share"] >= 0.78).all()
    assert set(plan.workouts["sport"]) <= SPORTS.get(goal.sport, {goal.sport}), plan.workouts["sport"].unique()
    races = plan.workouts.filter(pl.col("kind") == "race")
    assert races["date"].to_list() == list(goal.race_days())
    assert (races["sport"] == goal.sport).all()
    training = plan.workouts.filter(pl.col("kind") != "race")
    assert training["date"].dt.weekday().is_in([d + 1 for d in goal.available_days]).all()
    per_sport_day = training.filter(pl.col("kind") != "brick").group_by("date", "sport").len()
    assert (per_sport_day["len"] == 1).all()  # a sport at most once a day (the brick is the run off the bike)
    if goal.sport == "triathlon" and not goal.is_base:
        loading = plan.weeks.filter(pl.col("phase").is_in(["build", "peak"]), ~pl.col("deload"))["week"]
        bricks = plan.workouts.filter(pl.col("kind") == "brick")
        if loading.len() and plan.weeks["planned_minutes"].min() >= 200:
            assert bricks.height >= 1
        for brick in bricks.rows(named=True):  # a brick is a run on the day of the long ride
            ride = plan.workouts.filter(pl.col("date") == brick["date"], pl.col("sport") == "bike", kind="long")
            assert ride.height == 1 and brick["sport"] == "run"


@PROPERTY
@given(sport_goals())
def test_the_first_week_is_within_ten_percent_of_what_the_athlete_does_now(goal_fitness):
    goal, fitness = goal_fitness
    floor = RULES.beginner_minutes_per_day * goal.days_per_week
    if not floor <= fitness.weekly_minutes <= 0.8 * capacity(goal, RULES) or goal.days_per_week < 4:
        return  # three days a week of capped sessions may hold less than the athlete does now
    plan = build_plan(goal, fitness, HR, FIRST_DAY, RULES)
    first = plan.weeks["planned_minutes"][0]
    if plan.weeks.height > len(RULES.distance(goal.kind).taper) + 1:  # a first week that is not the taper
        assert 0.85 * fitness.weekly_minutes <= first <= 1.10 * fitness.weekly_minutes + 1, (first, fitness)


def test_a_beginner_with_no_history_starts_gently_in_every_sport():
    for kind, sport, km, hours in (("gran-fondo", "bike", None, 4.0), ("olympic", "triathlon", 51.5, None)):
        goal = GoalSpec("first", km, FIRST_DAY + timedelta(weeks=16), sport, event=kind, event_hours=hours)
        plan = build_plan(goal, Fitness(), HR, FIRST_DAY, RULES)
        floor = RULES.beginner_minutes_per_day * goal.days_per_week  # 125 minutes, then at most 10 % more
        assert floor <= plan.weeks["planned_minutes"][0] <= floor * 1.1


@pytest.fixture
def rider(db_url):
    db = open_database(db_url)
    athlete = add_athlete(db, "rider", main_sport="bike", max_hr=190, resting_hr=48)
    summary = import_fit(db, athlete, RIDES)
    assert summary.activities_added == 3
    return db, athlete


RIDE_DAY = date(2019, 2, 18)  # the day after the Wahoo ride: 78.9 km in 3 h 45


def test_a_real_riders_gran_fondo_plan_is_rides_with_the_target_checked_against_their_rides(rider):
    db, athlete = rider
    spec = GoalSpec(
        "Fondo", 120.0, RIDE_DAY + timedelta(weeks=17), "bike", target_time_s=3 * 3600, event="gran-fondo",
        event_hours=5.0,
    )  # fmt: skip
    check = check_goal(db, athlete, spec, RIDE_DAY)
    assert not check.plausible and "40.0 km/h" in check.warning and "21.1 km/h" in check.warning
    assert check.realistic is not None and 5 * 3600 < check.realistic[0] < 6 * 3600  # 120 km at ~22 km/h
    plan = preview_plan(db, athlete, spec, RIDE_DAY)
    assert set(plan.workouts["sport"]) == {"bike"}
    key = plan.workouts.filter(pl.col("kind") == "race_pace")["purpose"][0]
    assert "goal speed 2" in key and "what your recent efforts support" in key  # paced at ~22 km/h, not 40
    race = plan.workouts.filter(pl.col("kind") == "race").row(0, named=True)
    assert race["date"] == spec.event_date and race["minutes"] == 180
    long_rides = plan.workouts.filter(pl.col("kind") == "long")["minutes"]
    assert long_rides[0] < long_rides.max() <= 300  # from a beginner's start, the long ride grows


def test_a_ride_uses_the_cycling_threshold_where_garmin_has_one(rider):
    db, athlete = rider
    with db.engine.begin() as connection:  # Garmin's zones body shape (biometric-service), a cycling LTHR
        store_zones(
            connection,
            athlete.id,
            [{"sport": "cycling", "method": "LTHR", "lthr": 160, "max_hr": 182, "zone_floors": []}],
        )
    spec = GoalSpec("Fondo", None, RIDE_DAY + timedelta(weeks=12), "bike", event="gran-fondo", event_hours=4.0)
    plan = preview_plan(db, athlete, spec, RIDE_DAY)
    easy = plan.workouts.filter(pl.col("intensity") == "easy").row(0, named=True)
    assert (easy["hr_low"], easy["hr_high"]) == (128, 142)  # 80-89 % of the cycling LTHR 160
    zones = sport_zones(HR, {"cycling": {"lthr": 160, "max_hr": 182}}, ("bike", "run"))
    assert zones.source("bike") == "Garmin's cycling zones"
    assert zones.source("run").startswith("no running zones known")
    assert zones.for_sport("run") is HR


def test_a_real_triathlon_history_gives_a_triathlon_plan_with_bricks(db_url):
    db = open_database(db_url)
    athlete = add_athlete(db, "tri", main_sport="triathlon", max_hr=185, resting_hr=50)
    import_fit(db, athlete, [TRIATHLON])
    day = date(2015, 8, 31)
    kind, km = "olympic", 51.5
    spec = GoalSpec("Olympic", km, day + timedelta(weeks=20), "triathlon", target_time_s=3 * 3600, event=kind)
    fitness = fitness_on(db, athlete, "triathlon", day)
    assert fitness.weekly_minutes == pytest.approx((38.25 + 112.74 + 53.52) / 4, abs=0.2)  # the legs, not the parent
    check = check_goal(db, athlete, spec, day)
    assert check.plausible and check.basis == "no recent swims with distance to check each leg against"
    plan = preview_plan(db, athlete, spec, day)
    assert set(plan.workouts["sport"]) == {"swim", "bike", "run", "triathlon"}
    assert 125 <= plan.weeks["planned_minutes"][0] <= 137  # 51 min a week now: the beginner's gentle start
    assert plan.workouts.filter(pl.col("kind") == "brick").height >= 3
    assert plan.workouts.filter(kind="race")["sport"].to_list() == ["triathlon"]


def test_running_targets_are_checked_against_a_real_run():
    from trainer.planning.targets import check_target
    from trainer.store.loaders import ACTIVITY_SCHEMA

    run = pl.DataFrame(  # run_garmin-fenix2_hr_gps_2015-08-15.fit: 9.01 km in 47:12
        [{"date": date(2015, 8, 15), "sport": "run", "distance_m": 9008.22, "duration_s": 2832.0, "moving_s": None}]
    ).cast({k: v for k, v in ACTIVITY_SCHEMA.items() if k in ("date", "sport", "distance_m", "duration_s", "moving_s")})
    on = date(2015, 8, 20)
    ten = GoalSpec("10k", 10.0, on + timedelta(weeks=10), target_time_s=40 * 60)
    check = check_target(ten, run, on)
    assert not check.plausible and check.realistic == (2910, 3322)  # Riegel's 52:43 x 0.92 .. x 1.05
    assert "Key sessions are paced for that instead" in check.warning
    fair = check_target(GoalSpec("10k", 10.0, on + timedelta(weeks=10), target_time_s=50 * 60), run, on)
    assert fair.plausible and fair.warning is None
    world = check_target(GoalSpec("half", 21.0975, on + timedelta(weeks=10), target_time_s=50 * 60), run, on)
    assert "faster than the world's best" in world.warning


def test_what_people_type_becomes_a_goal_in_their_sport():
    today = date(2026, 12, 3)
    race = today + timedelta(weeks=20)
    fondo = goal_event("cycling", None, "gran-fondo", 5, None, None, race, today)
    assert (fondo.sport, fondo.event, fondo.event_hours) == ("bike", "gran-fondo", 5)
    tri = goal_event("triathlon", "70.3", None, None, None, None, race, today)
    assert (tri.sport, tri.event, tri.distance_km) == ("triathlon", "70.3", 113.0)
    assert goal_event("running", "marathon", None, None, None, None, race, today).distance_km == 42.195
    base = goal_event("base", None, None, None, None, None, None, today, main_sport="bike")
    assert (base.sport, base.event, base.event_date) == ("bike", "base", today + timedelta(weeks=12))
