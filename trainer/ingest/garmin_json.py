"""``trainer import garmin-json``: Garmin Connect response bodies from files or folders.

One transaction per file; a day's fields merge into its wellness row (HRV from one body, sleep
from another); activities are keyed by their Garmin id. Importing the same files again changes
nothing. Bad files are reported by name and do not stop the others.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from trainer.ingest.files import read_bounded
from trainer.ingest.garmin.detect import AMBIGUOUS, KNOWN_UNUSED, extract
from trainer.ingest.merge import merge_activities, merge_wellness, store_figures, store_zones
from trainer.ingest.source import BodyError
from trainer.store.database import Database

SOURCE = "garmin"


@dataclass
class ImportSummary:
    files: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    activities_added: int = 0
    activities_updated: int = 0
    activities_unchanged: int = 0
    no_data: int = 0
    unused: int = 0
    unknown: int = 0
    failed: int = 0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.files} files: days {self.added} added, {self.updated} updated, {self.unchanged} unchanged; "
            f"activities {self.activities_added} added, {self.activities_updated} updated, "
            f"{self.activities_unchanged} unchanged; {self.no_data} without data, {self.unused} not used, "
            f"{self.unknown} unknown, {self.failed} failed"
        )


def json_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every *.json below a folder, in a stable order."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.rglob("*.json")) if path.is_dir() else [path])
    return found


def import_garmin_json(
    db: Database, athlete_id: int, paths: Iterable[Path], progress: Callable[[Path], None] = lambda _p: None
) -> ImportSummary:
    summary = ImportSummary()
    for path in json_files(paths):
        summary.files += 1
        _import_file(db, athlete_id, path, summary)
        progress(path)
    return summary


def read_body(path: Path) -> object:
    """The parsed body; raises BodyError saying why it cannot be read. A byte-order mark is fine;
    an empty file is HTTP 204 (no data)."""
    try:
        text = read_bounded(path, "json").decode("utf-8-sig")
    except OSError as exc:
        raise BodyError(f"cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise BodyError(f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BodyError(f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise BodyError("not a Garmin body: it holds a number thousands of digits long") from None
    except RecursionError:
        raise BodyError("not a Garmin body: nested too deeply to be one") from None


def extract_safely(body: object, hint: str = ""):
    """``extract``, with a mangled body (a null where a date should be, a date as 19/07/2023, text
    where a number goes) answered by BodyError naming the problem instead of a traceback."""
    try:
        return extract(body, hint)
    except KeyError as exc:
        raise BodyError(f"a field trainer needs is missing ({exc.args[0]!r})") from None
    except (TypeError, ValueError, AttributeError, IndexError, OverflowError) as exc:
        raise BodyError(
            f"a field has a value of the wrong kind or form ({type(exc).__name__}: {str(exc)[:80]})"
        ) from None


def _import_file(db: Database, athlete_id: int, path: Path, summary: ImportSummary) -> None:
    try:
        body = read_body(path)
        extracted = extract_safely(body, path.name)
    except BodyError as problem:
        summary.failed += 1
        summary.warnings.append(f"{path}: {problem}; nothing from it was written")
        return
    if extracted is None:
        summary.unknown += 1
        summary.warnings.append(f"{path}: not a Garmin Connect body trainer knows; skipped")
        return
    if extracted.empty:
        if extracted.note == AMBIGUOUS:
            summary.unknown += 1
            summary.warnings.append(f"{path}: {AMBIGUOUS}; skipped")
        elif extracted.note == KNOWN_UNUSED:
            summary.unused += 1
        else:
            summary.no_data += 1
        return
    problems: list[str] = []
    try:
        with db.engine.begin() as connection:
            added, updated, unchanged = merge_wellness(connection, athlete_id, extracted.wellness, SOURCE, problems)
            a_added, a_updated, a_unchanged = merge_activities(connection, athlete_id, extracted.activities, problems)
            store_zones(connection, athlete_id, extracted.zones)
            store_figures(connection, athlete_id, extracted.figures)
    except SQLAlchemyError as error:
        summary.failed += 1
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:160]
        summary.warnings.append(
            f"{path}: not written: the database refused it ({reason}); the files before it are kept"
        )
        return
    except (TypeError, ValueError, AttributeError, OverflowError) as error:
        summary.failed += 1
        summary.warnings.append(
            f"{path}: a field has a value of the wrong kind ({type(error).__name__}); nothing from it was written"
        )
        return
    summary.added += added
    summary.updated += updated
    summary.unchanged += unchanged
    summary.activities_added += a_added
    summary.activities_updated += a_updated
    summary.activities_unchanged += a_unchanged
    summary.warnings.extend(f"{path}: {problem}" for problem in problems)
