"""Who needs a look, and why: one rule, one wording, one count, for the squad, the coach's front
door and the coach's morning digest.

``squad_morning`` scores each athlete's day with their own settings (``day.settings``), adds what
their mornings say (check-ins, illness, injury, silence, their note), the load ratio, a drop against
their usual, HRV below its normal range and a failing sync, and ranks who needs a look first.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol

import polars as pl

from trainer.day.clock import local_today, opening_day, squad_day
from trainer.day.settings import day_settings
from trainer.day.status import STATUS_ORDER, label
from trainer.day.words import INJURY_WORDS, missing_in_words_expr
from trainer.scoring import ScoringConfig

SILENT_DAYS = 3  # no check-in for this many days, from an athlete who checks in
READINESS_DROP = 3  # readiness this much below their own usual (the median of their last four weeks' answers)
USUAL_DAYS, USUAL_MIN = 28, 3  # the window of "usual" readiness, and how many answers it needs
SCORE_DROP = 15  # today's score this far below the athlete's own 14-day median
LOAD_RATIO_LOW = 0.8  # below this the load ratio says training has fallen off (SCORING.md's sweet spot starts here)
# the flags without the demo marker, which is no reason to look
WHY = pl.col("flags").str.replace(r"(; )?demo data: a made-up athlete", "").str.strip_chars("; ")
# who needs a look first: red, ill or injured, no data, load ratio out of range, a sharp drop, anything else
PRIORITY = (
    ("red", pl.col("status").str.contains("Red")),
    ("health", pl.col("flags").str.contains(r"(^|; )(ill|injured)")),
    ("no data", pl.col("flags").str.contains("no data today|Garmin sync failing")),
    ("load", pl.col("flags").str.contains("load spiking|load falling")),
    ("drop", pl.col("flags").str.contains("below their usual|below normal range|against their usual")),
    ("other", WHY != ""),
)


FAILING_MORNINGS = 2
SYNC_SCHEMA = {"athlete_id": pl.Int64, "last_synced": pl.Date, "failed_mornings": pl.Int64, "sync_why": pl.String}


def sync_health(failing: pl.DataFrame) -> pl.DataFrame:
    """``jobs.status.failing_mornings`` in a coach's words: what stops the sync, not a command."""
    why = (
        pl.when(pl.col("last_error").str.contains("login expired"))
        .then(pl.lit("their Garmin login has expired; ask them to log in to Garmin again"))
        .otherwise(pl.col("last_error").str.replace(r": run .*$", ""))
    )
    return failing.select(
        pl.col("athlete_id").cast(pl.Int64),
        "last_synced",
        pl.col("failed_mornings").cast(pl.Int64),
        why.alias("sync_why"),
    )


Days = date | pl.DataFrame  # one day for everyone, or each athlete's own (athlete_id, on)


def with_day(frame: pl.DataFrame, on: Days) -> pl.DataFrame:
    """``frame`` with each athlete's day as column ``on`` (rows of athletes without one dropped)."""
    if isinstance(on, date):
        return frame.with_columns(on=pl.lit(on, dtype=pl.Date))
    return frame.join(on.select("athlete_id", "on"), on="athlete_id")


def _number(value: pl.Expr) -> pl.Expr:
    """7.0 -> '7', 6.5 -> '6.5'."""
    return value.round(1).cast(pl.String).str.replace(r"\.0$", "")


def morning_flags(check_ins: pl.DataFrame, episodes: pl.DataFrame, on: Days) -> pl.DataFrame:
    """Per athlete, what their mornings tell the coach on their day ``on``: ill or injured, silent for
    3 days, readiness 3 or more below their own usual, and their latest note (athlete_id,
    morning), with the readiness they reported that day (``said``, 0-10, null before they check in)."""
    day = pl.col("on")
    lasting = with_day(episodes, on).filter(
        (pl.col("start") <= day) & (pl.col("end").is_null() | (pl.col("end") >= day))
    )
    health = lasting.group_by("athlete_id").agg(
        pl.when(pl.col("kind") == "illness")
        .then(pl.lit("ill"))
        .otherwise(pl.format("injured: {} ({})", pl.col("body_part"), pl.col("severity").replace(INJURY_WORDS)))
        .alias("health")
    )
    recent = with_day(check_ins, on).filter(pl.col("date") <= day).sort("athlete_id", "date")
    last = recent.group_by("athlete_id").agg(
        pl.col("on").first(),
        pl.col("readiness").filter(pl.col("date") == pl.col("on")).last().alias("said"),
        pl.col("date").last().alias("last_day"),
        pl.col("readiness").drop_nulls().last().alias("latest"),
        pl.col("readiness")
        .filter(
            pl.col("date").is_between(pl.col("on") - timedelta(days=USUAL_DAYS), pl.col("date").max(), closed="left")
        )
        .drop_nulls()
        .alias("before"),
        pl.col("note").drop_nulls().last().alias("note"),
        pl.col("date").filter(pl.col("note").is_not_null()).last().alias("note_day"),
    )
    usual = pl.col("before").list.median()
    silent = (day - pl.col("last_day")).dt.total_days()
    flags = pl.concat_list(
        pl.col("health").fill_null([]),
        pl.when(silent >= SILENT_DAYS).then(pl.format("no check-in for {} days", silent)),
        pl.when((pl.col("before").list.len() >= USUAL_MIN) & (pl.col("latest") <= usual - READINESS_DROP)).then(
            pl.format("readiness {} against their usual {}", _number(pl.col("latest")), _number(usual))
        ),
        pl.when(pl.col("note").is_not_null()).then(pl.format("note ({}): {}", pl.col("note_day"), pl.col("note"))),
    )
    return (
        last.join(health, on="athlete_id", how="full", coalesce=True)
        .select("athlete_id", flags.list.drop_nulls().list.join("; ").alias("morning"), "said")
        .filter((pl.col("morning") != "") | pl.col("said").is_not_null())
    )


def squad_today(
    scores: pl.DataFrame,
    athletes: pl.DataFrame,
    on: Days,
    acwr_danger: float = 1.5,
    mornings: pl.DataFrame | None = None,
    studies: pl.DataFrame | None = None,
    syncs: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per athlete for their day ``on`` (``day``): status (symbol and word), score, 14-day trend and flags;
    ``study`` from ``studies`` (athlete_id, study: ``scores_by_own_settings``), else null;
    ``last_synced`` from ``syncs`` (``sync_health``), and a flag once the morning sync has failed
    for ``FAILING_MORNINGS`` mornings in a row.

    ``scores``: score_days output (any method) including detail column ``hrv_z`` when known.
    Flags: what the athlete's mornings say (``morning_flags``: ill, injured, silent, readiness
    down, their note) first; ACWR above ``acwr_danger``; HRV below the normal range (normal-range
    z < -1); no data today; inputs missing today.
    """
    ids = with_day(athletes.select(pl.col("id").alias("athlete_id")), on)
    grid = ids.with_columns(date=pl.date_ranges(pl.col("on") - timedelta(days=13), pl.col("on"))).explode("date")
    trend = (
        grid.join(scores.select("athlete_id", "date", "total_score", "status"), on=["athlete_id", "date"], how="left")
        .sort("athlete_id", "date")
        .group_by("athlete_id")
        .agg(
            pl.col("total_score").alias("trend"),
            pl.col("status").fill_null("insufficient data").alias("trend_status"),
            pl.col("total_score").filter(pl.col("date") < pl.col("on")).median().alias("usual"),
            pl.col("on").first().alias("day"),
        )
    )
    today = scores.join(ids.select("athlete_id", pl.col("on").alias("date")), on=["athlete_id", "date"])
    flags = (
        pl.concat_list(
            pl.col("morning").replace("", None),
            pl.when(pl.col("acwr") > acwr_danger).then(
                pl.format("load spiking: load ratio {} (above {})", pl.col("acwr").round(2), pl.lit(acwr_danger))
            ),
            pl.when(pl.col("acwr") < LOAD_RATIO_LOW).then(
                pl.format("load falling off: load ratio {} (below {})", pl.col("acwr").round(2), pl.lit(LOAD_RATIO_LOW))
            ),
            pl.when(pl.col("total_score") <= pl.col("usual") - SCORE_DROP).then(
                pl.format(
                    "score {} below their usual ({})",
                    (pl.col("usual") - pl.col("total_score")).round(0).cast(pl.Int64),
                    pl.col("usual").round(0).cast(pl.Int64),
                )
            ),
            pl.when(pl.col("hrv_z") < -1).then(pl.lit("HRV below normal range")),
            pl.when(pl.col("date").is_null()).then(pl.lit("no data today")),
            pl.when(pl.col("failed_mornings") >= FAILING_MORNINGS).then(
                pl.format("Garmin sync failing {} mornings running: {}", pl.col("failed_mornings"), pl.col("sync_why"))
            ),
            pl.when((pl.col("missing") != "") & pl.col("missing").is_not_null()).then(missing_in_words_expr()),
            pl.when(pl.col("is_demo")).then(pl.lit("demo data: a made-up athlete")),
        )
        .list.drop_nulls()
        .list.join("; ")
    )
    demo = pl.col("is_demo") if "is_demo" in athletes.columns else pl.lit(False)
    table = (
        athletes.select(pl.col("id").alias("athlete_id"), pl.col("name").alias("athlete"), demo.alias("is_demo"))
        .join(today, on="athlete_id", how="left")
        .join(trend, on="athlete_id", how="left")
        .join(
            mornings
            if mornings is not None
            else pl.DataFrame(schema={"athlete_id": pl.Int64, "morning": pl.String, "said": pl.Float64}),
            on="athlete_id",
            how="left",
        )
        .join(
            syncs if syncs is not None else pl.DataFrame(schema=SYNC_SCHEMA),
            on="athlete_id",
            how="left",
        )
        .with_columns(flags=flags)
        .join(
            studies if studies is not None else pl.DataFrame(schema={"athlete_id": pl.Int64, "study": pl.String}),
            on="athlete_id",
            how="left",
        )
    )
    return table.select(
        "athlete_id",
        "athlete",
        "day",
        pl.col("status")
        .fill_null("insufficient data")
        .replace_strict(STATUS_ORDER, [label(s) for s in STATUS_ORDER])
        .alias("status"),
        pl.col("total_score").alias("score"),
        pl.col("said").alias("readiness"),
        pl.col("trend_status").fill_null([]),
        pl.col("acwr").round(2),
        "flags",
        "study",
        "last_synced",
    ).sort(pl.col("score").fill_null(-1), "athlete")


def needs_attention(table: pl.DataFrame) -> pl.DataFrame:
    """``squad_today``'s rows, who needs a look first (``PRIORITY``: red, ill or injured, no data,
    load ratio out of range, a sharp drop, anything else), with ``why`` in one line and
    ``needs_look``; the demo marker is not a reason."""
    rank = pl.lit(len(PRIORITY))
    for position, (_, condition) in reversed(list(enumerate(PRIORITY))):
        rank = pl.when(condition.fill_null(False)).then(position).otherwise(rank)
    return (
        table.with_columns(pl.col("flags").fill_null(""))
        .with_columns(priority=rank, why=WHY)
        .with_columns(needs_look=pl.col("priority") < len(PRIORITY))
        .sort("priority", pl.col("score").fill_null(-1), "athlete")
    )


class SquadSource(Protocol):
    """What the squad's morning reads: the apps' reader (scoped to a viewer) and ``StoreSquad``
    (the coach's digest, scoped to a grant) both answer it."""

    def team_levers(self) -> dict: ...
    def study_arms(self, day: date) -> dict[int, dict]: ...
    def version(self) -> tuple: ...
    def squad_scores(self, config: ScoringConfig, version: tuple) -> pl.DataFrame: ...
    def athletes(self) -> pl.DataFrame: ...
    def squad_mornings(self, on: date) -> tuple[pl.DataFrame, pl.DataFrame]: ...
    def sync_health(self) -> pl.DataFrame: ...


def scores_by_own_settings(
    source: SquadSource, on: date, what_if: ScoringConfig | None = None, coach: bool = False
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every score of the source's athletes, each athlete's by the settings of their day (the
    team's, or their study arm's; a what-if scores everyone alike), and athlete_id -> study as the
    viewer may see it."""
    version = source.version()
    team = day_settings(source.team_levers(), None)
    if what_if is not None:
        return source.squad_scores(what_if, version), pl.DataFrame(schema=STUDY_SCHEMA)
    scores = source.squad_scores(team.config, version)
    arms = {athlete: day_settings(source.team_levers(), arm) for athlete, arm in source.study_arms(on).items()}
    for config in {settings.config for settings in arms.values()}:
        ids = [athlete for athlete, settings in arms.items() if settings.config == config]
        arm_scores = source.squad_scores(config, version).filter(pl.col("athlete_id").is_in(ids))
        scores = pl.concat(
            [scores.filter(~pl.col("athlete_id").is_in(ids)), arm_scores.select(scores.columns)], how="vertical_relaxed"
        )
    studies = pl.DataFrame(
        {"athlete_id": list(arms), "study": [settings.study_shown_to(coach) for settings in arms.values()]},
        schema=STUDY_SCHEMA,
    )
    return scores, studies


STUDY_SCHEMA = {"athlete_id": pl.Int64, "study": pl.String}


def athletes_days(source: SquadSource, now: datetime) -> pl.DataFrame:
    """Each of the source's athletes' own day at ``now`` (athlete_id, on): their local today, or the
    last day they have when their records ended long ago (``clock.opening_day``)."""
    athletes = source.athletes()
    scores = source.squad_scores(day_settings(source.team_levers(), None).config, source.version())
    last = scores.group_by("athlete_id").agg(pl.col("date").max().alias("last"))
    rows = athletes.select(pl.col("id").alias("athlete_id"), "time_zone").join(last, on="athlete_id", how="left")
    return pl.DataFrame(
        {
            "athlete_id": rows["athlete_id"],
            "on": [opening_day(local_today(zone, now), end) for zone, end in zip(rows["time_zone"], rows["last"])],
        },
        schema={"athlete_id": pl.Int64, "on": pl.Date},
    )


def squad_opening_day(days: pl.DataFrame) -> date | None:
    """The day the squad's picker opens on: the latest of its athletes' own days (``clock.squad_day``)."""
    return squad_day(days["on"], None)


def squad_morning(
    source: SquadSource, on: Days, what_if: ScoringConfig | None = None, coach: bool = False
) -> pl.DataFrame:
    """The coach's morning: ``needs_attention`` over ``squad_today`` on each athlete's day ``on``
    (``athletes_days``, or one day the coach picked), each scored by their own day's settings, with
    HRV against its normal range and what their mornings say."""
    latest: date = on if isinstance(on, date) else on["on"].max()  # type: ignore[assignment]
    scores, studies = scores_by_own_settings(source, latest, what_if, coach)
    normal_range = source.squad_scores(ScoringConfig(method="normal-range"), source.version())
    flagged = scores.drop("hrv_z", strict=False).join(
        normal_range.select("athlete_id", "date", "hrv_z"), on=["athlete_id", "date"], how="left"
    )
    danger = (what_if or day_settings(source.team_levers(), None).config).acwr_danger
    table = squad_today(
        flagged,
        source.athletes(),
        on,
        danger,
        morning_flags(*source.squad_mornings(latest), on),
        studies,
        source.sync_health(),
    )
    return needs_attention(table)
