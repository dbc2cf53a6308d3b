"""Today's card: the score, status in colour and words, what pulled it down, and what to do."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

import polars as pl

from trainer.day.answer import session_words, status_line
from trainer.day.words import missing_in_words
from trainer.planning.today import day_advice as advice_of_the_day
from trainer.scoring.config import ScoringConfig
from trainer.scoring.recommend import PlannedSession, Recommendation, hrv_label

COMPONENT_LABELS = {"hrv": "HRV", "hr": "Resting HR", "sleep": "Sleep", "stress": "Stress"}
CELL = "padding:2px 10px 2px 0"


def card_heading(athlete: dict, day: date) -> str:
    """ "ana, Monday 24 November 2026", with a note when the athlete is made up."""
    return f"{athlete['name']}, {day:%A %d %B %Y}" + (
        " (demo data: a made-up athlete)" if athlete.get("is_demo") else ""
    )


HEADING_STYLE = "font:600 1.25rem/1.35 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:8px 0 12px"


def card_heading_html(athlete: dict, day: date) -> str:
    """The card's heading, drawn alike by the server's early card and the live page (so the card
    does not move when the live page takes over)."""
    return f"<h2 class='trainer-day' style=\"{HEADING_STYLE}\">{escape(card_heading(athlete, day))}</h2>"


def day_advice(
    reader, athlete: dict, data: dict[str, pl.DataFrame], day: date, scored: dict, config: ScoringConfig
) -> tuple[PlannedSession | None, Recommendation]:
    """The plan's session of ``day`` (if any) and the recommendation for it, from the viewer's data
    (``planning.today.day_advice``, as ``trainer today`` computes it). ``reader`` is the viewer's
    ``AppData``; ``athlete`` a row of its athletes."""
    planned_row = reader.planned_session(athlete["id"], day)
    episodes = reader.health_episodes(athlete["id"], day)
    _, planned, recommendation = advice_of_the_day(
        athlete,
        day,
        scored,
        data["activities"],
        data["wellness"],
        planned_row,
        config,
        episodes,
        reader.heart_rate_zones(athlete["id"]),
        reader.thresholds(athlete["id"], day),
    )
    return planned, recommendation


def asked_day(text: str | None, latest: date | None) -> date | None:
    """The ``?day=`` a link asked for (the squad's tap on an athlete), if it is a real day no later
    than the data; else ``latest``."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return latest
    return day if latest is None or date(2000, 1, 1) <= day <= latest else latest


def last_recorded_day(data: dict[str, pl.DataFrame]) -> date | None:
    """The newest day with wellness or load: where the dashboard (and its early card) opens."""
    days = [d for d in (data["wellness"]["date"].max(), data["loads"]["date"].max()) if d is not None]
    return max(days) if days else None  # type: ignore[type-var]


def component_breakdown(day: dict, config: ScoringConfig) -> list[dict]:
    """Each component's value, its share of the weight, and the points it cost (like Garmin's
    factor percentages): cost = normalised weight among present components x (100 - value)."""
    weights = dict(zip(COMPONENT_LABELS, config.weights.as_tuple()))
    present = {name: day[f"{name}_component"] for name in COMPONENT_LABELS if day.get(f"{name}_component") is not None}
    total_weight = sum(weights[name] for name in present) or 1.0
    rows = []
    for name, title in COMPONENT_LABELS.items():
        title = hrv_label(day.get("hrv_kind")) if name == "hrv" else title
        value = present.get(name)
        share = weights[name] / total_weight if value is not None else 0.0
        rows.append(
            {
                "component": title,
                "value": value,
                "weight": share,
                "points_lost": None if value is None else share * (100 - value),
            }
        )
    return rows


SOURCE_WORDS = {
    "garmin": "Garmin",
    "intervals.icu": "intervals.icu",
    "apple_health": "Apple Health",
    "fit": "FIT files",
    "csv": "a CSV file",
    "pmdata": "PMData",
    "manual": "entries by hand",
    "demo": "the demo's made-up athletes",
}


def sources_in_words(data: dict[str, pl.DataFrame], day: date) -> str:
    """Where the day's numbers came from ("Garmin", "intervals.icu and Apple Health"): the sources of
    the wellness and activities of the week up to ``day``."""
    week = [
        frame.filter(pl.col("date").is_between(day - timedelta(days=6), day))["source"]
        for frame in (data["wellness"], data["activities"])
        if "source" in frame.columns
    ]
    found = sorted({str(source) for column in week for source in column.drop_nulls().to_list()})
    names = list(dict.fromkeys(SOURCE_WORDS.get(source, source) for source in found))
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def today_card_html(
    day: dict, recommendation: Recommendation, config: ScoringConfig, label: str = "recovery / 100", data_from: str = ""
) -> str:
    """A self-contained HTML card (no scripts) for the day; ``label`` goes under the number
    ("your score / 100" while the athlete is in a study); ``data_from`` names the sources."""
    s, words = status_line(
        day["status"], recommendation, day.get("missing")
    )  # the words follow the advice: ill is a rest day
    score = "–" if day.get("total_score") is None else str(day["total_score"])
    scored = day.get("total_score") is not None
    rows = "".join(_component_row(row, scored) for row in component_breakdown(day, config))
    parts = (
        personal_html(day)
        if config.method == "personal"
        else f"""<table class="trainer-components" style="margin-top:10px;border-collapse:collapse"><tr><th align="left"
    style="{CELL}">Part of the score</th><th style="{CELL}">Score /100</th><th style="{CELL}">Weight</th><th
    style="{CELL}">Points lost</th></tr>{rows}</table>"""
    )
    missing = missing_in_words(day.get("missing"))
    missing_html = f'<p class="trainer-missing">Not measured: {escape(missing)}.</p>' if missing else ""
    acwr_html = escape(acwr_in_words(day.get("acwr"), day.get("acwr_factor")))
    session = session_words(recommendation)
    source_html = (
        f'<p class="trainer-source" style="margin:4px 0 0;opacity:.7">Data from {escape(data_from)}.</p>'
        if data_from
        else ""
    )
    return f"""
<div class="trainer-today" data-status="{escape(day["status"])}"
  style="border-left:8px solid {s.colour};padding:12px 16px;border-radius:8px;background:rgba(127,127,127,0.06)">
  <div style="display:flex;gap:24px;align-items:center;flex-wrap:wrap">
    <div><div class="trainer-score" style="font-size:48px;font-weight:700;line-height:1">{score}</div><div
      style="opacity:.7">{escape(label)}</div></div>
    <div><div class="trainer-status" style="font-size:22px;font-weight:600;color:{s.colour}">{s.symbol} {s.word}</div>
      <div>{escape(words)}; {acwr_html}</div></div>
  </div>
  <p class="trainer-recommendation" style="font-size:17px;margin:8px 0 2px"><b>Today:</b> {escape(session)}</p>
  <p class="trainer-rationale" style="margin:0;opacity:.85">{escape(recommendation.rationale)}</p>
  {missing_html}
  {source_html}
  {parts}
</div>"""


def personal_html(day: dict) -> str:
    """What the personal method's number rests on today, in words, and its two numbers."""
    forecast, checked = day.get("forecast"), day.get("with_checkin")
    numbers = (
        f"Forecast before your check-in: {forecast}"
        + (f"; with your check-in: {checked}." if checked is not None else "; check in to add how you feel today.")
        if forecast is not None
        else "No forecast yet."
    )
    early = (
        " Early days: it is still learning your usual (under two weeks of data)."
        if "provisional" in (day.get("flags") or "")
        else ""
    )
    basis = day.get("basis") or "nothing yet"
    watch = watch_against_usual(day)
    return (
        f'<p class="trainer-basis" style="margin-top:10px">{escape(numbers)}{escape(early)}<br>'
        f"Today's number rests on {escape(basis)}.{escape(watch)}</p>"
    )


def watch_against_usual(day: dict) -> str:
    """What the watch says against the athlete's usual: " Your watch: last night's HRV 11 % below
    your usual, resting heart rate 3 bpm above." (empty when it measured neither)."""
    said = []
    hrv, hrv_usual = day.get("hrv_ms"), day.get("hrv_base")
    if hrv is not None and hrv_usual:
        change = round(100 * (hrv / hrv_usual - 1))
        said.append(
            "last night's HRV as usual"
            if change == 0
            else f"last night's HRV {abs(change)} % {'below' if change < 0 else 'above'} your usual"
        )
    rhr, rhr_usual = day.get("resting_hr"), day.get("hr_base")
    if rhr is not None and rhr_usual:
        beats = round(rhr - rhr_usual)
        said.append(
            "resting heart rate as usual"
            if beats == 0
            else f"resting heart rate {abs(beats)} bpm {'above' if beats > 0 else 'below'}"
        )
    return f" Your watch: {', '.join(said)}." if said else ""


def acwr_in_words(acwr: float | None, factor: float | None) -> str:
    """The acute:chronic workload ratio, explained in one line where it shows."""
    if acwr is None:
        return "load ratio not known yet (it needs four weeks of training)"
    effect = "no effect on the score" if not factor or factor == 1 else f"the score is multiplied by {factor:g}"
    return (
        f"load ratio {acwr:.2f}: this week's training against your usual four weeks "
        f"(0.8-1.3 is the sweet spot; {effect})"
    )


def _component_row(row: dict, scored: bool) -> str:
    if row["value"] is None:
        return (
            f"<tr><td style='{CELL}'>{row['component']}</td><td style='{CELL}' align='center'>not measured</td>"
            f"<td style='{CELL}' align='center'>–</td><td style='{CELL}' align='center'>–</td></tr>"
        )
    lost = f"{row['points_lost']:.1f}" if scored else "–"  # a day without a score lost no points
    return (
        f"<tr><td style='{CELL}'>{row['component']}</td><td style='{CELL}' align='center'>{row['value']:.0f}</td>"
        f"<td style='{CELL}' align='center'>{row['weight']:.0%}</td><td style='{CELL}' align='center'>{lost}</td></tr>"
    )
