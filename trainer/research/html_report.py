"""``trainer validate --report DIR``: one self-contained HTML page a reviewer reads without running
anything: the result in words, the figures as inline SVG (rendered offline by vl-convert, no
script), the methods with exact definitions, a data summary, software versions, the command to
reproduce it and a hash of the input data. Beside it, ``result.json`` (strict JSON).

Athletes appear as A1, A2, ... in ascending order of their database ids: a report is made to be
handed on, and names of people with health data do not travel with it.
"""

from __future__ import annotations

import html
import platform
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import altair as alt
import polars as pl

from trainer.research import charts as research_charts
from trainer.research import story
from trainer.research.report import input_hash, to_json
from trainer.research.validation import per_athlete_spearman
from trainer.scoring import ScoringConfig

FIGURE_WIDTH = 320  # readable on a phone without zooming, and on a laptop
PACKAGES = ("trainer", "polars", "numpy", "scipy", "altair", "vl-convert-python", "SQLAlchemy")

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; color: #1d1d1f; max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
.warning { background: #fff4e5; border-left: 4px solid #e67e00; padding: .6rem .9rem; }
.verdict { background: #f3f6fb; border-left: 4px solid #4c78a8; padding: .6rem .9rem; }
figure { margin: 1rem 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: .95rem; }
.table { overflow-x: auto; } table { border-collapse: collapse; font-size: .92rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #e5e5e5; text-align: left; } td.n { text-align: right; }
caption { caption-side: bottom; text-align: left; color: #555; font-size: .85rem; padding-top: .3rem; }
@media (max-width: 500px) { table { font-size: .8rem; } th, td { padding: .2rem .3rem; } }
code { background: #f4f4f4; padding: .1rem .3rem; word-break: break-word; }
"""


def write_report(
    directory: Path,
    result: dict,
    table: pl.DataFrame,
    config: ScoringConfig,
    inputs: dict[str, pl.DataFrame],
    command: str,
) -> Path:
    """Write ``index.html`` and ``result.json`` into ``directory``; return the page's path."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "result.json").write_text(to_json(result))
    page = directory / "index.html"
    page.write_text(render(result, table, inputs, command))
    return page


def _personal_section(result: dict) -> list[str]:
    """The personal method's number with the check-in (against the next day) and the load check."""
    lines = [line for line in story.personal_lines(result) if line]
    if not lines:
        return []
    return ["<h2>With the check-in, and load</h2>", *(f"<p>{_e(line)}</p>" for line in lines)]


def render(result: dict, table: pl.DataFrame, inputs: dict[str, pl.DataFrame], command: str) -> str:
    names = pseudonyms(table)
    sections = [
        f"<h1>Does the {_e(story.name_of(result))} recovery score track how ready athletes feel?</h1>",
        *(f'<p class="warning"><strong>Warning.</strong> {_e(text)}</p>' for text in result["warnings"]),
        f"<p>{_e(story.headline(result))}</p>",
        '<div class="verdict">' + "".join(f"<p>{_e(line)}</p>" for line in story.verdict(result)) + "</div>",
        "<h2>The score beside simple predictors</h2>",
        _figure(research_charts.predictor_plot(result, FIGURE_WIDTH), story.EXPLAIN["predictors"]),
        _table(
            ["Predictor", "Days", "Athletes", "Within-athlete correlation", _ci_head(result)],
            [
                [row["label"], row["n_days"], row["n_athletes"], story.number(row["rmcorr"]), _ci(row, result)]
                for row in result["predictors"]
            ],
            _ci_caption(result),
        ),
        _figure(research_charts.difference_plot(result, FIGURE_WIDTH), story.EXPLAIN["differences"]),
        _table(
            [
                "Score minus",
                "Same days",
                "Athletes",
                "Score on them",
                "It on them",
                "Difference",
                _ci_head(result, "paired "),
                "Verdict",
            ],
            [
                [
                    row["label"],
                    row["n_days"],
                    row["n_athletes"],
                    story.number(row["score_rmcorr"]),
                    story.number(row["other_rmcorr"]),
                    story.number(row["difference"], signed=True),
                    _ci(row, result),
                    row["verdict"],
                ]
                for row in result["comparisons"]
            ],
            _ci_caption(result),
        ),
        "<h2>Within each athlete</h2>",
        _figure(research_charts.within_athlete_plot(table, FIGURE_WIDTH), story.EXPLAIN["rmcorr"]),
        _figure(
            research_charts.forest_plot(per_athlete_spearman(table, "total_score", "readiness"), names, FIGURE_WIDTH),
            story.EXPLAIN["forest"],
        ),
        "<h2>What carries the signal</h2>",
        _table(
            ["Part of the score", "Days", "Within-athlete correlation", _ci_head(result)],
            [
                [story.COMPONENT_WORDS.get(name, name), row["n"], story.number(row["rmcorr"]), _ci(row, result)]
                for name, row in result["components"].items()
            ],
            _ci_caption(result),
        ),
        f"<p>{_e(story.EXPLAIN['components'])}</p>",
        *_fit_section(result),
        *_personal_section(result),
        *_garmin_section(result),
        "<h2>Data</h2>",
        _data_summary(table, inputs, names),
        "<h2>Methods</h2>",
        *(f"<p>{_e(text)}</p>" for text in story.methods(result, command)),
        "<h2>Software</h2>",
        _software(),
    ]
    body = "\n".join(sections)
    title = f"trainer validation: {story.name_of(result)} score vs readiness"
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def pseudonyms(table: pl.DataFrame) -> dict[int, str]:
    ids = sorted(table["athlete_id"].unique().to_list())
    return {athlete: f"A{number}" for number, athlete in enumerate(ids, start=1)}


def _e(text: object) -> str:
    return html.escape(str(text))


def _figure(chart: alt.TopLevelMixin, caption: str) -> str:
    import vl_convert

    svg = vl_convert.vegalite_to_svg(
        chart.configure_axis(labelFontSize=12, titleFontSize=12).configure_title(fontSize=14).to_json()
    )
    return f"<figure>{svg}<figcaption>{_e(caption)}</figcaption></figure>"


def _table(head: list[str], rows: list[list], caption: str = "") -> str:
    cells = "".join(f"<th>{_e(cell)}</th>" for cell in head)
    caption = f"<caption>{_e(caption)}</caption>" if caption else ""
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{_e(cell)}</td>' if isinstance(cell, int) else f"<td>{_e(cell)}</td>" for cell in row)
        + "</tr>"
        for row in rows
    )
    return f'<div class="table"><table>{caption}<thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table></div>'


def _ci_head(result: dict, kind: str = "") -> str:
    return f"{result['bootstrap']['confidence']:.0%} {kind}CI".replace("%", " %")


def _ci_caption(result: dict) -> str:
    return story.resampling_of(result).describe() + "."


def _ci(row: dict, result: dict) -> str:
    low, high = row["ci_low"], row["ci_high"]
    return (
        "n/a"
        if low is None or high is None or low != low or high != high
        else f"{story.number(low)} to {story.number(high)}"
    )


def _fit_section(result: dict) -> list[str]:
    if "fit" not in result:
        return []
    return [
        "<h2>Fitted weights</h2>",
        *(f"<p>{_e(line)}</p>" for line in story.fit_lines(result)),
        f"<p>{_e(story.EXPLAIN['time_forward'])}</p>",
    ]


def _garmin_section(result: dict) -> list[str]:
    agreement = result.get("garmin_training_readiness")
    if not agreement:
        return []
    return [
        "<h2>Agreement with Garmin's Training Readiness</h2>",
        f"<p>On {agreement['n']} days with both, trainer's score minus Garmin's Training Readiness is "
        f"{agreement['bias']:+.1f} points on average, with 95 % limits of agreement {agreement['lower']:+.1f} to "
        f"{agreement['upper']:+.1f} (Bland-Altman).</p>",
    ]


def _data_summary(table: pl.DataFrame, inputs: dict[str, pl.DataFrame], names: dict[int, str]) -> str:
    per = (
        table.filter(pl.col("total_score").is_not_null() & pl.col("readiness").is_not_null())
        .group_by("athlete_id")
        .agg(
            pl.len().alias("days"),
            pl.col("date").min().alias("first"),
            pl.col("date").max().alias("last"),
            pl.col("readiness").mean().alias("mean"),
            pl.col("readiness").std().alias("sd"),
            pl.col("total_score").mean().alias("score"),
        )
        .sort("athlete_id")
    )
    rows = [
        [
            names.get(row["athlete_id"], "?"),
            row["days"],
            str(row["first"]),
            str(row["last"]),
            f"{row['mean']:.2f}",
            "n/a" if row["sd"] is None else f"{row['sd']:.2f}",
            f"{row['score']:.1f}",
        ]
        for row in per.iter_rows(named=True)
    ]
    counts = ", ".join(f"{frame.height} {name} rows" for name, frame in sorted(inputs.items()))
    return (
        _table(["Athlete", "Days scored with readiness", "First", "Last", "Mean readiness", "SD", "Mean score"], rows)
        + f"<p>Input read from the database: {_e(counts)}. Input SHA-256 (the rows as sorted CSV): "
        f"<code>{input_hash(inputs)}</code></p>"
    )


def _software() -> str:
    rows = [["Python", sys.version.split()[0]], ["Platform", platform.platform()]]
    for package in PACKAGES:
        try:
            rows.append([package, version(package)])
        except PackageNotFoundError:
            rows.append([package, "not installed"])
    rows.append(["Written", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")])
    return _table(["", "Version"], rows)
