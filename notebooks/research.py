import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="trainer: research", html_head_file="loading.html")

with app.setup:
    from datetime import date

    import marimo as mo
    import polars as pl

    from trainer.access.viewer import viewer_of_request
    from trainer.errors import TrainerError
    from trainer.research import charts as research_charts
    from trainer.research import story
    from trainer.research.bootstrap import DEFAULT_RESAMPLING
    from trainer.research.html_report import render
    from trainer.research.report import reproduce_command, validate
    from trainer.research.validation import per_athlete_spearman
    from trainer.scoring.config import config_from_levers
    from trainer.settings import Settings
    from trainer.views import widgets
    from trainer.views.reader import open_for_viewer
    from trainer.views.signed_in import signed_in_bar


@app.cell
def who():
    settings = Settings.from_env()
    viewer = viewer_of_request(mo.app_meta().request, settings.published)  # set by the published server's gate
    return settings, viewer


@app.cell
def database(settings, viewer):
    reader, athletes, db_problem = open_for_viewer(
        settings, viewer
    )  # every read goes through reader: it checks the viewer
    return athletes, db_problem, reader


@app.cell
def signed_in(settings, viewer):
    mo.Html(signed_in_bar(viewer, published=bool(settings.published)))
    return


@app.cell
def inputs(athletes, db_problem, reader, settings):
    mo.stop(db_problem is not None, mo.callout(mo.md(f"**No database.** {db_problem}"), kind="danger"))
    everything = reader.research_inputs()
    _with_readiness = set(everything["readiness"]["athlete_id"].unique())
    candidates = athletes.filter(pl.col("id").is_in(list(_with_readiness)))
    mo.stop(
        candidates.is_empty(),
        mo.callout(
            mo.md(
                "**No perceived readiness yet** for the athletes you can see: it appears once they log how ready "
                "they feel."
                if settings.published
                else "**No perceived readiness yet.** Log it (`trainer log readiness`) or import PMData (`trainer "
                "import pmdata DIR`)."
            ),
            kind="warn",
        ),
    )
    return candidates, everything


@app.cell
def levers(candidates):
    chosen_athletes = mo.ui.multiselect(
        options=dict(zip(candidates["name"], candidates["id"])), value=list(candidates["name"]), label="Athletes"
    )
    lag = mo.ui.radio(
        options={"same day (lag 0)": 0, "next day (lag 1)": 1}, value="same day (lag 0)", label="Readiness of"
    )
    method, acwr, w_hrv, w_hr, w_sleep, w_stress = widgets.scoring_levers()
    fit = mo.ui.checkbox(label="Fit weights (nested leave-one-athlete-out; a few seconds)")
    mo.vstack(
        [
            mo.md("## Does the score track how ready athletes feel?"),
            chosen_athletes,
            widgets.levers_rows([method, lag, acwr], [w_hrv, w_hr, w_sleep, w_stress]),
            fit,
        ]
    )
    return acwr, chosen_athletes, fit, lag, method, w_hr, w_hrv, w_sleep, w_stress


@app.cell
def chosen(acwr, chosen_athletes, fit, lag, method, w_hr, w_hrv, w_sleep, w_stress):
    chosen = {
        **widgets.chosen(method, acwr, [w_hrv, w_hr, w_sleep, w_stress]),
        "athletes": tuple(chosen_athletes.value),
        "lag": lag.value,
        "fit": fit.value,
    }
    return (chosen,)


@app.cell
def analysis(chosen, everything):
    mo.stop(
        len(chosen["athletes"]) < 2,
        mo.callout(mo.md("Choose at least two athletes: the confidence intervals resample athletes."), kind="info"),
    )
    try:
        config = config_from_levers(chosen)
        _subset = {
            name: frame.filter(pl.col("athlete_id").is_in(list(chosen["athletes"])))
            for name, frame in everything.items()
        }
        with mo.status.spinner(title="Validating…"):
            result, joined = validate(_subset, config, chosen["lag"], chosen["fit"], DEFAULT_RESAMPLING)
    except TrainerError as _error:
        mo.stop(True, mo.callout(mo.md(f"**Nothing to validate yet:** {_error}"), kind="warn"))
    return config, joined, result


@app.cell
def headline(result):
    mo.vstack(
        [
            *(mo.callout(mo.md(f"**Few athletes.** {_warning}"), kind="warn") for _warning in result["warnings"]),
            mo.md(story.headline(result)),
            mo.callout(mo.md("\n\n".join(story.verdict(result))), kind="info"),
            mo.md(f"*Every CI here: {DEFAULT_RESAMPLING.describe()}, the same as the command line's defaults.*"),
        ]
    )
    return


@app.cell
def baselines(result):
    mo.vstack(
        [
            mo.md("### The score beside simple predictors"),
            research_charts.predictor_plot(result),
            mo.md(story.EXPLAIN["predictors"]),
            research_charts.difference_plot(result),
            mo.md(story.EXPLAIN["differences"]),
        ]
    )
    return


@app.cell
def details(athletes, joined, result):
    _names = dict(zip(athletes["id"], athletes["name"]))
    mo.vstack(
        [
            mo.md("### Within each athlete"),
            research_charts.within_athlete_plot(joined),
            mo.md(story.EXPLAIN["rmcorr"]),
            research_charts.forest_plot(per_athlete_spearman(joined, "total_score", "readiness"), _names),
            mo.md(story.EXPLAIN["forest"]),
            mo.md("### What carries the signal (each part's within-athlete correlation with readiness)"),
            mo.ui.table(
                story.components_table(result), selection=None, show_column_summaries=False, show_data_types=False
            ),
            mo.md(story.EXPLAIN["components"]),
        ]
    )
    return


@app.cell
def fitted(result):
    mo.stop("fit" not in result)
    mo.vstack(
        [
            mo.md("### Fitted weights"),
            *(mo.md(_line) for _line in story.fit_lines(result)),
            mo.md(story.EXPLAIN["time_forward"]),
        ]
    )
    return


@app.cell
def personal_view(result):
    _lines = story.personal_lines(result)
    mo.md(
        "\n".join(["### With your check-in, and load", *(f"- {line}" for line in _lines if line)])
    ) if _lines else None
    return


@app.cell
def studies(reader, settings):
    study_reports = reader.study_reports(date.today())
    _reports = study_reports
    mo.vstack(
        [
            mo.md("## A/B studies"),
            *(mo.md("\n".join([f"**{_r['name']}**", *(f"- {line}" for line in _r["lines"])])) for _r in _reports),
        ]
    ) if _reports else mo.md(
        "## A/B studies\nNone yet. A study randomises athletes to two scoring methods and reports a pre-registered "
        "comparison"
        + ("." if settings.published else ": `trainer study create NAME --arms seed,personal --all --weeks 8`.")
    )
    return (study_reports,)


@app.cell
def report(athletes, chosen, config, everything, joined, result):
    def _page() -> bytes:
        _names = dict(zip(athletes["id"], athletes["name"]))
        _command = reproduce_command(
            config, chosen["lag"], DEFAULT_RESAMPLING, [_names[i] for i in chosen["athletes"]], "report"
        )
        _inputs = {
            name: frame.filter(pl.col("athlete_id").is_in(list(chosen["athletes"])))
            for name, frame in everything.items()
        }
        return render(result, joined, _inputs, _command).encode()

    mo.download(
        _page, filename="validation-report.html", mimetype="text/html", label="Download this as a report (HTML)"
    )
    return


if __name__ == "__main__":
    app.run()
