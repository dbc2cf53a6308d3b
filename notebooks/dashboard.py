import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="trainer: athlete")

with app.setup:
    from datetime import timedelta

    import marimo as mo

    from trainer.errors import TrainerError
    from trainer.settings import Settings
    from trainer.store.athletes import list_athletes
    from trainer.store.database import open_database
    from trainer.store.loaders import load_wellness
    from trainer.views.charts import wellness_chart


@app.cell
def database():
    settings = Settings.from_env()
    try:
        db = open_database(settings.database_url, read_only=settings.read_only)
        athletes = list_athletes(db)
        db_problem = None
    except TrainerError as _error:
        db, athletes, db_problem = None, None, str(_error)
    return athletes, db, db_problem


@app.cell
def controls(athletes, db_problem):
    mo.stop(db_problem is not None, mo.callout(mo.md(f"**No database.** {db_problem}"), kind="danger"))
    mo.stop(athletes.is_empty(), mo.callout(mo.md("**No athletes yet.** Run `trainer demo` for demo athletes."), kind="warn"))
    athlete = mo.ui.dropdown(options=dict(zip(athletes["name"], athletes["id"])), value=athletes["name"][0], label="Athlete")
    window = mo.ui.dropdown(options={"8 weeks": 56, "6 months": 182, "1 year": 365, "2 years": 730}, value="6 months", label="Period")
    mo.hstack([athlete, window], justify="start")
    return athlete, window


@app.cell
def wellness(athlete, db, window):
    _all = load_wellness(db, [athlete.value])
    mo.stop(_all.is_empty(), mo.callout(mo.md("No wellness data for this athlete yet."), kind="warn"))
    _last = _all["date"].max()
    days = _all.filter(_all["date"] > _last - timedelta(days=window.value))
    return (days,)


@app.cell
def wellness_view(days):
    mo.vstack([
        mo.md(f"### Wellness, {days['date'].min()} to {days['date'].max()}"),
        mo.ui.altair_chart(wellness_chart(days)),
        mo.ui.table(days.select("date", "hrv_ms", "resting_hr", "sleep_minutes", "sleep_score", "stress_level").sort("date", descending=True), page_size=10),
    ])
    return


if __name__ == "__main__":
    app.run()
