"""Where sync gets Garmin bodies from: a narrow interface, so tests can replay recorded bodies.

``ConnectSource`` is the real one (garminconnect); its errors become the four failures of the
seam (``ingest.source``) the sync engine acts on.
"""

from __future__ import annotations

import json
from datetime import date

from trainer.ingest.garmin_json import extract_safely
from trainer.ingest.source import LoginExpired, RateLimited, SourceShape, Transient, Unreadable
from trainer.log_lines import route_into_trainer

RANGE_KINDS = ("hrv", "stress", "activities")
DAY_KINDS = ("sleep", "heart_rate", "training_readiness", "training_status")
FIGURE_KINDS = ("ftp", "power_zones", "lactate_threshold", "race_predictions", "max_metrics")  # Garmin's figures
ONCE_KINDS = ("zones", *FIGURE_KINDS)  # the athlete's heart-rate zones and figures: once per run, a request each
GARMIN = SourceShape(
    name="garmin",
    label="Garmin",
    day_kinds=DAY_KINDS,
    range_kinds=RANGE_KINDS,
    once_kinds=ONCE_KINDS,
    chunk_days=28,
    extract=extract_safely,
    again="run the same command later to resume",
    relogin="Garmin asked for a new login: run `trainer garmin login --athlete {name}`",
)


class ConnectSource:
    """Garmin Connect through garminconnect (a logged-in ``Garmin`` client)."""

    def __init__(self, client) -> None:
        self.client = client
        route_into_trainer("garminconnect")

    def fetch(self, kind: str, start: date, end: date) -> object:
        from garminconnect import (
            GarminConnectAuthenticationError,
            GarminConnectConnectionError,
            GarminConnectNotFoundError,
            GarminConnectTooManyRequestsError,
        )

        try:
            return self._call(kind, start.isoformat(), end.isoformat())
        except GarminConnectTooManyRequestsError:
            raise RateLimited() from None
        except GarminConnectAuthenticationError:
            raise LoginExpired() from None
        except GarminConnectNotFoundError:
            return None
        except (GarminConnectConnectionError, ValueError) as error:
            undecoded = _undecoded_body(error)
            if undecoded is not None:
                raise Unreadable(
                    undecoded.doc, f"Garmin's answer was not readable JSON ({_what_came_back(undecoded)})"
                ) from None
            if isinstance(error, GarminConnectConnectionError):
                raise Transient(type(error).__name__) from None
            raise Unreadable("", f"Garmin's answer could not be read ({str(error)[:80]})") from None

    def _call(self, kind: str, start: str, end: str) -> object:
        c = self.client
        calls = {
            "hrv": lambda: c.get_hrv_data_range(start, end),
            "stress": lambda: c.connectapi(f"/usersummary-service/stats/stress/daily/{start}/{end}"),
            "activities": lambda: c.get_activities_by_date(start, end),
            "sleep": lambda: c.get_sleep_data(start),
            "heart_rate": lambda: c.get_heart_rates(start),
            "training_readiness": lambda: c.get_training_readiness(start),
            "training_status": lambda: c.get_training_status(start),
            "zones": lambda: c.get_heart_rate_zones(),
            "ftp": lambda: c.get_cycling_ftp(),
            "power_zones": lambda: c.get_power_zones(),
            "lactate_threshold": lambda: c.get_lactate_threshold(),
            "race_predictions": lambda: c.get_race_predictions(),
            "max_metrics": lambda: c.get_max_metrics(end),
        }
        return calls[kind]()


def _undecoded_body(error: BaseException) -> json.JSONDecodeError | None:
    """The JSON decode failure behind ``error``, if any: garminconnect wraps it as a connection
    error, but the body (its ``doc``) is still there, and retrying will not change it."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, json.JSONDecodeError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _what_came_back(failure: json.JSONDecodeError) -> str:
    text = failure.doc.lstrip()
    if not text:
        return "an empty answer"
    if text[:1] == "<":
        return "a web page instead of data"
    return f"cut short or damaged at character {failure.pos} of {len(failure.doc)}"
