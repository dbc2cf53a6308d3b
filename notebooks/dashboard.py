import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="trainer: athlete", html_head_file="loading.html")

with app.setup:
    import html
    from datetime import timedelta

    import marimo as mo
    import polars as pl

    from trainer.access.viewer import viewer_of_request
    from trainer.day.answer import check_in_words
    from trainer.day.clock import local_today, now, opening_day
    from trainer.day.settings import day_settings
    from trainer.errors import TrainerError
    from trainer.ingest.check_in import record_check_in
    from trainer.ingest.sync_now import sync_now
    from trainer.planning.goals import EVENT_CHOICES, WEEKDAYS, describe, goal_from_choice, titled
    from trainer.planning.service import add_checked_goal, create_plan
    from trainer.scoring.config import DEFAULT_LEVERS, config_from_levers, config_or_problem
    from trainer.scoring.thresholds import figure_lines
    from trainer.settings import Settings
    from trainer.store.team_scoring import describe_levers, lever_values
    from trainer.views import charts, tables, widgets
    from trainer.views import plan as plan_charts
    from trainer.views.garmin_login import login_step, mfa_step
    from trainer.views.insights import insights_html
    from trainer.views.intervals_connect import connect_step, connection_words, disconnect_step
    from trainer.views.levers import levers_from_query, non_default_note
    from trainer.views.reader import open_for_viewer
    from trainer.views.signed_in import checked_in_at, signed_in_bar
    from trainer.views.today_card import (
        asked_day,
        card_heading_html,
        day_advice,
        last_recorded_day,
        sources_in_words,
        today_card_html,
    )


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
    read_only = reader is None or not reader.may_write
    return athletes, db_problem, read_only, reader


@app.cell
def signed_in(reader, settings, viewer):
    mo.Html(
        signed_in_bar(
            viewer, settings.check_ins, bool(settings.published), checked_in_at(reader, viewer, now(settings))
        )
    )
    return


@app.cell
def today(
    athletes, athlete, chosen, config, data, day_picker, reader, get_plan_stamp, score_label, scored, team, version
):
    # the day's row; this morning's before the watch has sent last night is scored from what there is
    day = reader.day_row(athlete.value, config, version, day_picker.value)
    _athlete = athletes.filter(pl.col("id") == athlete.value).row(0, named=True)
    mo.stop(
        day is None,
        mo.callout(
            mo.md(
                f"No record for {day_picker.value}: pick a day between {scored['date'].min()} and "
                f"{scored['date'].max()}."
            ),
            kind="info",
        ),
    )
    get_plan_stamp()
    planned, recommendation = day_advice(reader, _athlete, data, day_picker.value, day, config)
    _history = scored.filter(pl.col("date") <= day_picker.value).height
    _needs = config.nr_min_values if config.method == "normal-range" else config.baseline_min_values
    _young = (
        mo.callout(
            mo.md(
                f"**Too little history for a baseline:** {_history} days recorded so far; the {config.method} method "
                f"needs {_needs} earlier nights of HRV and resting HR. Scores fill in as data arrives."
            ),
            kind="info",
        )
        if "baseline" in day["missing"]
        else None
    )
    _said = check_in_words(reader.check_in(athlete.value, day_picker.value), _athlete["time_zone"])
    _notes = [
        mo.callout(
            mo.Html(f"<strong>From {html.escape(_n['author'])}:</strong> {html.escape(_n['text'])}"), kind="info"
        )
        for _n in reader.coach_notes(athlete.value, day_picker.value)
    ]
    _planned_note = (
        mo.md(f"*Planned today: {planned.minutes} min {planned.intensity} {planned.sport}. {planned.purpose}*")
        if planned
        else None
    )
    _what_if = non_default_note(chosen, team)  # a lever moved or a link's levers: marked, never silent
    mo.vstack(
        [
            part
            for part in (
                mo.Html(card_heading_html(_athlete, day_picker.value)),
                mo.callout(mo.md(_what_if), kind="warn") if _what_if else None,
                _young,
                _planned_note,
                mo.Html(
                    today_card_html(day, recommendation, config, score_label, sources_in_words(data, day_picker.value))
                ),
                mo.Html(f"<p class='trainer-said'>{html.escape(_said)}</p>") if _said else None,
                *_notes,
            )
            if part is not None
        ]
    )
    return day, planned, recommendation


@app.cell
def picker(athletes, db_problem):
    mo.stop(db_problem is not None, mo.callout(mo.md(f"**No database.** {db_problem}"), kind="danger"))
    mo.stop(
        athletes.is_empty(),
        mo.callout(
            mo.md("**No athletes yet.** Run `trainer demo` for demo athletes, or `trainer athlete add NAME`."),
            kind="warn",
        ),
    )
    _wanted = mo.query_params().get("athlete")
    _names = athletes["name"].to_list()
    athlete = mo.ui.dropdown(
        options=dict(zip(_names, athletes["id"])), value=_wanted if _wanted in _names else _names[0], label="Athlete"
    )
    period = mo.ui.dropdown(
        options={"4 weeks": 28, "12 weeks": 84, "6 months": 182, "1 year": 365, "2 years": 730},
        value="12 weeks",
        label="Show",
    )
    return athlete, period


@app.cell
def asked_for(athletes):
    _wanted = mo.query_params().get("athlete")
    unknown_athlete = (
        _wanted if _wanted and athletes is not None and _wanted not in athletes["name"].to_list() else None
    )
    return (unknown_athlete,)


@app.cell
def athlete_row(athlete, reader):
    athlete_record = reader.athlete(athlete.value)
    return (athlete_record,)


@app.cell
def frames(athlete, athlete_record, read_only, reader, settings):
    version = reader.version(athlete.value)
    data = reader.frames(athlete.value, version)
    if data["wellness"].is_empty() and data["loads"].is_empty():
        mo.stop(
            True,
            mo.callout(
                mo.md(
                    f"**No data for {athlete.selected_key} yet.** Scores appear once a watch has synced a few nights"
                    + ("." if read_only else ": press *Sync now* below.")
                    + " Pick another athlete above meanwhile." * (len(athlete.options) > 1)
                ),
                kind="warn",
            ),
        )
    # the athlete's own today (their time zone), unless their records ended long ago (day.clock)
    _today = local_today(athlete_record.time_zone, now(settings))
    day_picker = mo.ui.date(
        value=asked_day(mo.query_params().get("day"), opening_day(_today, last_recorded_day(data))), label="Day"
    )
    return data, day_picker, version


@app.cell
def levers(reader):
    # the team's settings, unless a link carries other levers (a coach's "what if")
    team = reader.team_levers() if reader is not None else dict(DEFAULT_LEVERS)
    linked = levers_from_query(mo.query_params().to_dict(), base=lever_values(team))
    method, acwr, w_hrv, w_hr, w_sleep, w_stress = widgets.scoring_levers(linked)
    # built here, where the levers are made, so moving one does not redraw (and close) the panel
    scoring_settings = mo.accordion(
        {
            "Scoring settings (try a what if)": mo.vstack(
                [
                    mo.md(f"Your team's settings: {describe_levers(team)}."),
                    widgets.levers_rows([method, acwr], [w_hrv, w_hr, w_sleep, w_stress]),
                ]
            )
        }
    )
    return acwr, linked, method, scoring_settings, team, w_hr, w_hrv, w_sleep, w_stress


@app.cell
def chosen(acwr, linked, method, w_hr, w_hrv, w_sleep, w_stress):
    # the cut-offs only come in a coach's link
    chosen = widgets.chosen(method, acwr, [w_hrv, w_hr, w_sleep, w_stress], fixed=linked)
    return (chosen,)


@app.cell
def config(athlete, chosen, day_picker, reader, team):
    _levers, config_problem = config_or_problem(chosen)
    # the settings of the athlete's day (the team's, a study arm's "your score"), unless a what-if is marked
    _settings = day_settings(
        team,
        reader.study_arm(athlete.value, day_picker.value),
        _levers if non_default_note(chosen, team) is not None else None,
    )
    config, score_label = _settings.config, _settings.label
    return config, config_problem, score_label


@app.cell
def scores(athlete, config, reader, version):
    with mo.status.spinner(title="Scoring…"):
        scored = reader.scores(athlete.value, config, version)
    return (scored,)


@app.cell
def picker_view(athlete, period, unknown_athlete):
    # always shown, before anything that needs data: an athlete without data is never a dead end
    _unknown = (
        mo.callout(
            mo.md(
                f"There is no athlete called **{unknown_athlete}** among the athletes you can see; showing "
                f"{athlete.selected_key}."
            ),
            kind="warn",
        )
        if unknown_athlete
        else None
    )
    mo.vstack(
        [part for part in (_unknown, mo.hstack([athlete, period], justify="start", wrap=True)) if part is not None]
    )
    return


@app.cell
def controls_view(day_picker, scoring_settings):
    mo.vstack([mo.hstack([day_picker], justify="start"), scoring_settings])
    return


@app.cell
def settings_note_view(config, config_problem):
    _normalised = config.weights.normalised()
    _weights_note = (
        f"Normalised: HRV {_normalised.hrv:.0%} · HR {_normalised.hr:.0%} · "
        f"sleep {_normalised.sleep:.0%} · stress {_normalised.stress:.0%}"
    )
    mo.md(_weights_note if config_problem is None else f"**{config_problem}**; showing the defaults")
    return


@app.cell
def readiness_form(athlete, athlete_record, read_only, reader, settings):
    mo.stop(read_only)  # the published app shows no write controls at all
    # the check-in's own form, for the athlete's own today; it opens with this morning's answers
    _today = local_today(athlete_record.time_zone, now(settings))
    readiness = widgets.check_in_form(_today, reader.check_in(athlete.value, _today))
    return (readiness,)


@app.cell
def readiness_saved(athlete, reader, readiness):
    mo.stop(readiness.value is None)
    try:
        _day, _answers = widgets.answers_of(readiness.value)
        _version = record_check_in(reader.writable_db, athlete.value, _day, _answers, "app")
        _again = " You changed your answers: this version stands." if _version > 1 else ""
        _saved = mo.callout(
            mo.md(f"Check-in of {athlete.selected_key} for {_day:%A %d %B %Y} saved.{_again}"), kind="success"
        )
    except TrainerError as _error:
        _saved = mo.callout(mo.md(str(_error).capitalize()), kind="danger")
    _saved
    return


@app.cell
def readiness_view(readiness):
    mo.accordion(
        {
            "Check in: how do you feel today? (best before you read the score, so the number cannot anchor you)": (
                readiness
            )
        }
    )
    return


@app.cell
def window(day_picker, period, scored):
    shown = scored.filter(
        pl.col("date").is_between(day_picker.value - timedelta(days=period.value - 1), day_picker.value)
    )
    return (shown,)


@app.cell
def history_chart(shown):
    history = mo.ui.altair_chart(
        charts.recovery_history_chart(shown), chart_selection=False, legend_selection=False
    )  # the chart brings its own x-only brush
    return (history,)


@app.cell
def history_view(history, shown):
    _days = history.apply_selection(shown)  # layered chart: marimo filters our frame by the brushed dates
    mo.vstack(
        [
            mo.md("### Recovery history\nDrag across the chart to pick days; the table follows."),
            history,
            mo.ui.table(
                tables.history_table(_days),
                page_size=7,
                selection=None,
                show_column_summaries=False,
                show_data_types=False,
                label=f"{_days.height} days",
            ),
        ]
    )
    return


@app.cell
def context(acwr, athlete, day_picker, reader, method, period, version):
    # Baselines, load and ACWR do not depend on the weights: these cells follow the method and
    # ACWR levers only, so moving a weight slider does not redraw them.
    _config = config_from_levers({"method": method.value, "acwr": acwr.value})
    _first = day_picker.value - timedelta(days=period.value - 1)
    context_days = reader.scores(athlete.value, _config, version).filter(
        pl.col("date").is_between(_first, day_picker.value)
    )
    return (context_days,)


@app.cell
def body_view(context_days):
    mo.vstack(
        [
            mo.md("### Body"),
            mo.lazy(
                lambda: mo.vstack(
                    [  # drawn when scrolled into view: a faster first render
                        charts.baseline_chart(context_days, "hrv_ms", "hrv_base", "Overnight HRV", "ms", "#4c78a8"),
                        charts.baseline_chart(
                            context_days, "resting_hr", "hr_base", "Resting heart rate", "bpm", "#e45756"
                        ),
                        charts.sleep_chart(context_days),
                    ]
                ),
                show_loading_indicator=True,
            ),
        ]
    )
    return


@app.cell
def load_view(athlete, context_days, reader, day_picker, period, version):
    _metrics = reader.load_metrics(athlete.value, version).filter(
        pl.col("date").is_between(day_picker.value - timedelta(days=period.value - 1), day_picker.value)
    )
    mo.vstack(
        [
            mo.md("### Training load"),
            # the metrics are bound now: a cell's private names no longer exist when the lazy view draws
            mo.lazy(
                lambda days=context_days, metrics=_metrics: mo.vstack(
                    [charts.load_chart(days), charts.fitness_chart(metrics)]
                ),
                show_loading_indicator=True,
            ),
        ]
    )
    return


@app.cell
def sync_button(read_only):
    mo.stop(read_only)
    sync_request = mo.ui.run_button(label="Sync now")
    return (sync_request,)


@app.cell
def sync_view(athlete_record, reader, settings, sync_request):
    _message = ""
    if sync_request.value:
        with mo.status.spinner(title="Syncing Garmin Connect and intervals.icu…"):
            _today = local_today(athlete_record.time_zone, now(settings))  # the athlete's today, as every face's
            _message = sync_now(reader.writable_db, athlete_record, today=_today)
    mo.vstack(
        [
            mo.md("### Garmin and intervals.icu"),
            sync_request,
            mo.md(_message) if _message else mo.md("*New data shows up in every view after a sync.*"),
        ]
    )
    return


@app.cell
def garmin_login_form(read_only):
    mo.stop(read_only)
    garmin_login = mo.ui.form(
        mo.md("{email} {password}").batch(
            email=mo.ui.text(label="Garmin email", kind="email"),
            password=mo.ui.text(label="Garmin password", kind="password"),
        ),
        submit_button_label="Log in to Garmin",
        clear_on_submit=True,  # the password leaves the page once sent
    )
    get_pending_login, set_pending_login = mo.state(None)
    return garmin_login, get_pending_login, set_pending_login


@app.cell
def garmin_login_started(athlete_record, garmin_login, reader, set_pending_login):
    mo.stop(garmin_login.value is None)
    _said = login_step(
        reader.writable_db,
        athlete_record,
        garmin_login.value.get("email", ""),
        garmin_login.value.get("password", ""),
    )
    set_pending_login(_said.pending)
    mo.callout(mo.md(_said.message), kind=_said.kind)
    return


@app.cell
def garmin_mfa(get_pending_login):
    mo.stop(get_pending_login() is None)
    mfa_code = mo.ui.form(mo.ui.text(label="MFA code from Garmin"), submit_button_label="Send the code")
    mfa_code
    return (mfa_code,)


@app.cell
def garmin_mfa_sent(get_pending_login, mfa_code, set_pending_login):
    mo.stop(mfa_code.value is None or get_pending_login() is None)
    _said = mfa_step(get_pending_login(), mfa_code.value)
    set_pending_login(_said.pending)
    mo.callout(mo.md(_said.message), kind=_said.kind)
    return


@app.cell
def garmin_login_view(garmin_login):
    mo.accordion({"Log in to Garmin (once per athlete; the password is not kept)": garmin_login})
    return


@app.cell
def intervals_form(read_only):
    mo.stop(read_only)
    intervals_key = mo.ui.form(
        mo.md("{key} {writes}").batch(
            key=mo.ui.text(label="intervals.icu API key (its Settings page, at the bottom)", kind="password"),
            writes=mo.ui.checkbox(label="Write each morning's score and the coming week back to intervals.icu"),
        ),
        submit_button_label="Connect intervals.icu",
        clear_on_submit=True,  # the key leaves the page once sent
    )
    intervals_off = mo.ui.run_button(label="Disconnect intervals.icu")
    return intervals_key, intervals_off


@app.cell
def intervals_said(athlete_record, intervals_key, intervals_off, reader):
    _said = None
    if intervals_key.value is not None:
        _said = connect_step(
            reader.writable_db,
            athlete_record,
            intervals_key.value.get("key", ""),
            bool(intervals_key.value.get("writes")),
        )
    elif intervals_off.value:
        _said = disconnect_step(reader.writable_db, athlete_record)
    mo.accordion(
        {
            "Connect intervals.icu (Polar, COROS, Suunto, Wahoo, Oura and WHOOP reach trainer through it)": mo.vstack(
                [
                    mo.md(connection_words(reader.writable_db, athlete_record)),
                    intervals_key,
                    intervals_off,
                    *([mo.callout(mo.md(_said[0]), kind=_said[1])] if _said else []),
                ]
            )
        }
    )
    return


@app.cell
def plan_stamp():
    get_plan_stamp, set_plan_stamp = mo.state(0)
    return get_plan_stamp, set_plan_stamp


@app.cell
def plan_section(athlete, day_picker, get_plan_stamp, read_only, reader, version):
    get_plan_stamp()

    def plan_now(athlete_id=athlete.value, day=day_picker.value):
        """The athlete's plan around the day (None without one)."""
        return reader.plan_view(athlete_id, day, version)

    def _plan_body(day=day_picker.value):  # below the fold: built when scrolled to
        _plan = plan_now()
        if _plan is None:
            return mo.callout(
                mo.md(
                    "No plan yet: the person who runs trainer can set a goal and build one."
                    if read_only
                    else "No plan yet: set a goal in the editor below and trainer builds one."
                ),
                kind="neutral",
            )
        return mo.vstack(
            [
                mo.md(plan_charts.plan_summary_md(_plan.weeks, titled(_plan.plan.goal))),
                plan_charts.plan_calendar_chart(_plan.workouts),
                plan_charts.weekly_volume_chart(_plan.weeks),
                mo.md("**Next sessions**"),
                mo.ui.table(
                    tables.next_sessions_table(
                        _plan.workouts.filter(pl.col("date") >= day).head(7), reader.on_watch(athlete.value)
                    ),
                    selection=None,
                    show_column_summaries=False,
                    show_data_types=False,
                    page_size=7,
                ),
            ]
        )

    _figures = figure_lines(reader.thresholds(athlete.value, day_picker.value))
    mo.vstack(
        [
            mo.md("### Plan"),
            mo.lazy(_plan_body, show_loading_indicator=True),
            mo.accordion(
                {"Power and pace: what your targets come from": mo.md("\n".join(f"- {line}" for line in _figures))}
            ),
        ]
    )
    return (plan_now,)


@app.cell
def goal_editor(day_picker, read_only):
    mo.stop(read_only)
    goal_inputs = mo.ui.dictionary(
        {
            "event": mo.ui.dropdown(options=list(EVENT_CHOICES), value="marathon", label="Goal"),
            "race_day": mo.ui.date(value=day_picker.value + timedelta(weeks=16), label="Event day (base: last day)"),
            "hours": mo.ui.number(start=0.5, stop=12, step=0.5, value=4, label="Ride length (h)"),
            "target_time": mo.ui.text(value="", placeholder="H:MM:SS (optional)", label="Target time"),
            "days_per_week": mo.ui.slider(3, 7, value=5, label="Days a week", show_value=True),
            "days": mo.ui.multiselect(options=list(WEEKDAYS), value=list(WEEKDAYS), label="Days you can train"),
            "max_minutes": mo.ui.number(start=30, stop=600, step=5, value=150, label="Longest session (min)"),
        }
    )
    save_goal = mo.ui.run_button(label="Save goal and build this plan")
    return goal_inputs, save_goal


@app.cell
def goal_values(goal_inputs):
    goal_choice = dict(goal_inputs.value)
    return (goal_choice,)


@app.cell
def goal_editor_view(goal_choice, goal_inputs, save_goal):
    # only the fields of the chosen sport: a ride's length for a ride, never for a run
    _fields = [
        name for name in goal_inputs.value if name != "hours" or EVENT_CHOICES[goal_choice["event"]][0] == "cycling"
    ]
    mo.vstack(
        [
            mo.md(
                "### New goal\nChange anything: the preview below follows at once; nothing is saved until you press "
                "the button."
            ),
            mo.hstack([goal_inputs[_name] for _name in _fields], wrap=True),
            save_goal,
        ]
    )
    return


@app.cell
def goal_preview(athlete, athlete_record, day_picker, reader, goal_choice, version):
    _v = goal_choice
    try:
        goal_spec_preview = goal_from_choice(
            _v["event"],
            _v["race_day"],
            day_picker.value,
            hours=_v["hours"] if EVENT_CHOICES[_v["event"]][0] == "cycling" else None,
            target_time=_v["target_time"],
            days_per_week=_v["days_per_week"],
            days=",".join(_v["days"]),
            max_minutes=int(_v["max_minutes"]),
            main_sport=athlete_record.main_sport,
        )
        _check = reader.goal_check(athlete.value, goal_spec_preview, day_picker.value, version)
        _preview = reader.plan_preview(athlete.value, goal_spec_preview, day_picker.value, version)
        _shown = mo.vstack(
            [
                mo.md(
                    plan_charts.plan_summary_md(_preview.weeks, describe(goal_spec_preview)) + " *(preview, not saved)*"
                ),
                plan_charts.weekly_volume_chart(_preview.weeks.with_columns(actual_minutes=pl.lit(None, pl.Float64))),
                *([mo.callout(mo.md(_check.warning), kind="warn")] if _check.warning else []),
            ]
        )
    except TrainerError as _error:
        goal_spec_preview, _shown = None, mo.callout(mo.md(f"Cannot plan this goal: {_error}"), kind="warn")
    _shown
    return (goal_spec_preview,)


@app.cell
def goal_saved(athlete_record, day_picker, reader, goal_spec_preview, save_goal, set_plan_stamp):
    mo.stop(not save_goal.value or goal_spec_preview is None)
    try:
        _goal, _notes = add_checked_goal(reader.writable_db, athlete_record, goal_spec_preview, day_picker.value)
        _version, _ = create_plan(reader.writable_db, athlete_record, _goal.id, day_picker.value)
        set_plan_stamp(lambda n: n + 1)
        _message = mo.callout(
            mo.md(
                f"Goal {_goal.id} saved and its plan built (version {_version.version})."
                + "".join(f" {_note}" for _note in _notes)
            ),
            kind="success",
        )
    except TrainerError as _error:
        _message = mo.callout(mo.md(f"Not saved: {_error}"), kind="danger")
    _message
    return


@app.cell
def insights_refresh(read_only):
    mo.stop(read_only)
    refresh_insights = mo.ui.run_button(label="Refresh insights")
    return (refresh_insights,)


@app.cell
def insights_panel(athlete, day_picker, reader, settings):
    def insights_now(athlete_id=athlete.value, day=day_picker.value):
        """Insights for the day: Claude's, or the rule engine's without a key."""
        return reader.insights(athlete_id, day, settings)

    mo.vstack(
        [
            mo.md("### Insights"),  # below the fold: written when scrolled to
            mo.lazy(
                lambda: mo.Html(insights_html(insights_now(), setup_notes=not settings.published)),
                show_loading_indicator=True,
            ),
        ]
    )
    return (insights_now,)


@app.cell
def insights_refreshed(athlete, day_picker, reader, refresh_insights, settings):
    mo.stop(not refresh_insights.value)
    with mo.status.spinner(title="Asking for fresh insights…"):
        _fresh = reader.insights(athlete.value, day_picker.value, settings, fresh=True)
    mo.vstack([mo.md("**Refreshed**"), mo.Html(insights_html(_fresh))])
    return


@app.cell
def insights_refresh_view(refresh_insights):
    refresh_insights
    return


if __name__ == "__main__":
    app.run()
