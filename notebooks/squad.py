import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="trainer: squad", html_head_file="loading.html")

with app.setup:
    from urllib.parse import quote

    import marimo as mo
    import polars as pl

    from trainer.access.viewer import viewer_of_request
    from trainer.day.attention import athletes_days, squad_morning, squad_opening_day
    from trainer.day.clock import now
    from trainer.scoring.compare import change_summary, status_changes
    from trainer.scoring.config import config_from_levers, config_or_problem
    from trainer.settings import Settings
    from trainer.store.team_scoring import describe_levers, lever_values
    from trainer.views import widgets
    from trainer.views.levers import levers_query, non_default_note
    from trainer.views.reader import open_for_viewer
    from trainer.views.signed_in import signed_in_bar
    from trainer.views.squad import attention_html, dashboard_link
    from trainer.views.tables import squad_display


@app.cell
def who():
    settings = Settings.from_env()
    viewer = viewer_of_request(mo.app_meta().request, settings.published)  # set by the published server's gate
    published = bool(settings.published)
    return published, settings, viewer


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
def levers(athletes, db_problem, reader):
    mo.stop(db_problem is not None, mo.callout(mo.md(f"**No database.** {db_problem}"), kind="danger"))
    mo.stop(
        athletes.is_empty(),
        mo.callout(mo.md("**No athletes to show.** There are none yet, or none are shared with you."), kind="warn"),
    )
    team = reader.team_levers()
    method, acwr, w_hrv, w_hr, w_sleep, w_stress = widgets.scoring_levers(team)
    green_from, yellow_from = widgets.status_cut_offs(team)
    return acwr, green_from, method, team, w_hr, w_hrv, w_sleep, w_stress, yellow_from


@app.cell
def chosen(acwr, green_from, method, w_hr, w_hrv, w_sleep, w_stress, yellow_from):
    chosen = widgets.chosen(method, acwr, [w_hrv, w_hr, w_sleep, w_stress], [green_from, yellow_from])
    return (chosen,)


@app.cell
def config(chosen):
    config, config_problem = config_or_problem(chosen)
    return config, config_problem


@app.cell
def scores(config, reader, settings, team):
    _version = reader.version()
    with mo.status.spinner(title="Scoring the squad…"):
        before = reader.squad_scores(config_from_levers(lever_values(team)), _version)
        after = reader.squad_scores(config, _version)
    own_days = athletes_days(reader, now(settings))  # each athlete's own today
    on = squad_opening_day(own_days)
    return after, before, on, own_days


@app.cell
def day_choice(after, on):
    _first = after["date"].min()
    day = mo.ui.date(value=on, start=_first, stop=on, label="Day") if on is not None else None
    return (day,)


@app.cell
def attention(chosen, config, day, on, own_days, published, reader, settings, team):
    mo.stop(
        day is None, mo.callout(mo.md("**No scores yet.** Nothing has been synced for these athletes."), kind="warn")
    )
    _on = day.value
    # each athlete scored by their own day's settings (a study arm's "your score"), unless a what-if is marked
    table = squad_morning(
        reader,
        own_days if _on == on else _on,  # unless the coach picked another day: each athlete's own today
        config if non_default_note(chosen, team) is not None else None,
        coach=reader.viewer.role == "coach",
    )
    _query = "&".join(part for part in (levers_query(chosen, lever_values(team)), f"day={_on.isoformat()}") if part)
    mo.vstack(
        [
            mo.md("## Who needs a look"),
            mo.md(f"*Scored with the team's settings: {describe_levers(team)}.*"),
            day,
            mo.Html(
                attention_html(
                    table,
                    lambda name: dashboard_link(name, published, _query),
                    (lambda name: f"../note?athlete={quote(name)}") if settings.check_ins else None,
                    reader.squad_notes(table["day"].min(), table["day"].max()) if table.height else None,
                )
            ),
        ]
    )
    return (table,)


@app.cell
def squad_table(day, on, table):
    squad = mo.ui.table(
        squad_display(table),
        selection=None,
        page_size=25,
        show_column_summaries=False,
        show_data_types=False,
        label="Every athlete on their own today" if day.value == on else f"Every athlete on {day.value}",
    )
    squad
    return


@app.cell
def levers_view(
    acwr, chosen, config, config_problem, green_from, method, team, w_hr, w_hrv, w_sleep, w_stress, yellow_from
):
    _n = config.weights.normalised()
    mo.accordion(
        {
            "What if: other scoring settings (this page only; athletes' own pages do not change)": mo.vstack(
                [
                    mo.md(
                        f"The team's settings, what athletes see: {describe_levers(team)}"
                        + (f" (set by {team['set_by']})." if team.get("set_by") else ".")
                    ),
                    widgets.levers_rows([method, acwr, green_from, yellow_from], [w_hrv, w_hr, w_sleep, w_stress]),
                    mo.callout(mo.md(_what_if), kind="warn") if (_what_if := non_default_note(chosen, team)) else "",
                    mo.md(
                        f"Normalised weights: HRV {_n.hrv:.0%} · resting heart rate {_n.hr:.0%} · sleep "
                        f"{_n.sleep:.0%} · stress {_n.stress:.0%}"
                        if config_problem is None
                        else f"**{config_problem}**; showing the defaults"
                    ),
                ]
            )
        }
    )
    return


@app.cell
def what_changes(after, athletes, before):
    changes = status_changes(before, after)
    summary = change_summary(changes)
    _names = athletes.select(pl.col("id").alias("athlete_id"), pl.col("name").alias("athlete"))
    mo.vstack(
        [
            mo.md(
                f"### What would change\nAgainst the team's settings, **{changes.height}** past days change "
                f"status ({changes['athlete_id'].n_unique()} athletes)."
            ),
            mo.ui.table(
                _names.join(summary, on="athlete_id").drop("athlete_id"),
                page_size=10,
                selection=None,
                show_column_summaries=False,
                show_data_types=False,
                label="Per athlete",
            ),
            mo.ui.table(
                _names.join(changes, on="athlete_id").drop("athlete_id").sort("date", descending=True),
                page_size=10,
                selection=None,
                show_column_summaries=False,
                show_data_types=False,
                label="Days that change",
            ),
        ]
    )
    return changes, summary


if __name__ == "__main__":
    app.run()
