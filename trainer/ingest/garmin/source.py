"""Where sync gets Garmin bodies from: a narrow interface, so tests can replay recorded bodies.

``ConnectSource`` is the real one (garminconnect); its errors become the four kinds sync acts on.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol


class RateLimited(Exception):
    """HTTP 429: wait and retry, then stop with the state saved."""


class LoginExpired(Exception):
    """Garmin rejected the stored login: the user must log in again."""


class Transient(Exception):
    """5xx or a timeout: retry."""


class GarminSource(Protocol):
    def fetch(self, kind: str, start: date, end: date) -> object:
        """The body for ``kind`` over start..end (one day for per-day kinds); None for no data."""


class ConnectSource:
    """Garmin Connect through garminconnect (a logged-in ``Garmin`` client)."""

    def __init__(self, client) -> None:
        self.client = client

    def fetch(self, kind: str, start: date, end: date) -> object:
        from garminconnect import (
            GarminConnectAuthenticationError, GarminConnectConnectionError, GarminConnectNotFoundError,
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
        except GarminConnectConnectionError as error:
            raise Transient(type(error).__name__) from None

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
        }
        return calls[kind]()
