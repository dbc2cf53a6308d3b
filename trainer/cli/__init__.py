"""The ``trainer`` command. Each sub-command group lives in its own module."""

from __future__ import annotations

import sys
import warnings

import typer

from trainer.cli import (
    access,
    app_cmd,
    athlete,
    db,
    demo,
    export,
    garmin,
    imports,
    insights,
    intervals,
    jobs_cmd,
    log,
    notify,
    plan,
    score,
    settings_cmd,
    study,
    validate,
)
from trainer.errors import TrainerError

app = typer.Typer(
    name="trainer",
    help="Recovery scores, workload and training recommendations from your Garmin data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(access.app, name="access")
app.add_typer(athlete.app, name="athlete")
app.add_typer(export.app, name="export")
app.add_typer(imports.app, name="import")
app.add_typer(garmin.app, name="garmin")
app.add_typer(intervals.app, name="intervals")
app.add_typer(log.app, name="log")
app.add_typer(notify.app, name="notify")
app.add_typer(plan.goal_app, name="goal")
app.add_typer(plan.plan_app, name="plan")
app.add_typer(settings_cmd.app, name="settings")
app.add_typer(study.app, name="study")
app.add_typer(jobs_cmd.app, name="jobs")
app.command("sync")(garmin.sync)
app.command("demo")(demo.demo)
app.command("app")(app_cmd.run_app)
app.command("score")(score.score)
app.command("today")(score.today)
app.command("validate")(validate.validate)
app.command("insights")(insights.insights)
app.command("worker")(jobs_cmd.worker)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a user mistake prints one line and exits 2, never a traceback."""
    warnings.showwarning = _one_line_warning
    command = typer.main.get_command(app)
    try:
        code = command.main(argv, prog_name="trainer", standalone_mode=False)
    except typer.Abort:
        _fail("aborted, nothing changed", 1)
    except TrainerError as exc:
        _fail(str(exc), exc.exit_code)
    except Exception as exc:
        if _is_database_error(exc):
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            _fail(f"database error: {reason}; nothing was written", 2)
        if not _is_usage_error(exc):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":
            typer.echo(exc.ctx.get_help() if getattr(exc, "ctx", None) else exc.format_message())
            sys.exit(0)
        hint = f" (see `{exc.ctx.command_path} --help`)" if getattr(exc, "ctx", None) else ""
        _fail(exc.format_message() + hint, exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A library's warning as one line in plain words, without the source path and line Python adds."""
    print(f"trainer: warning: {str(message).splitlines()[0] if str(message) else category.__name__}", file=sys.stderr)


def _is_usage_error(exc: Exception) -> bool:
    """Typer's usage errors (it vendors click, so match their shape rather than a class)."""
    return callable(getattr(exc, "format_message", None)) and isinstance(getattr(exc, "exit_code", None), int)


def _fail(message: str, code: int) -> None:
    print(f"trainer: {message}", file=sys.stderr)
    sys.exit(code)


def _is_database_error(exc: Exception) -> bool:
    """SQLAlchemy's errors, without importing SQLAlchemy for commands that never open a database."""
    if "sqlalchemy" not in sys.modules:
        return False
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError)
