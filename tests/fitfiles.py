"""FIT files built in the tests with fit-tool (a maintained FIT writer), for the cases no public
file shows: a ride with a long stop, a pool swim with rests, a multisport race whose legs report
Garmin's running load."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import Event, EventType, FileType, Manufacturer, Sport


@dataclass
class Leg:
    """One session message, and the HR records under it (one a minute; none while stopped)."""

    sport: Sport
    start: datetime
    elapsed_s: float
    timer_s: float
    moving_s: float | None = None
    avg_hr: int | None = None
    max_hr: int | None = None
    distance_m: float | None = None
    calories: int | None = None
    load_peak: float | None = None  # Garmin's training_load_peak: the running peak since the whole activity began
    training_effect: float | None = None
    record_hr: list[int] = field(default_factory=list)


def ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def build_fit(path: Path, legs: list[Leg], utc_offset: timedelta = timedelta(hours=2)) -> Path:
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.product = 1
    file_id.time_created = ms(legs[0].start)
    file_id.serial_number = 0x12345678
    builder.add(file_id)
    start = EventMessage()
    start.event, start.event_type, start.timestamp = Event.TIMER, EventType.START, ms(legs[0].start)
    builder.add(start)
    for leg in legs:
        for minute, heart_rate in enumerate(leg.record_hr):
            record = RecordMessage()
            record.timestamp = ms(leg.start + timedelta(minutes=minute))
            record.heart_rate = heart_rate
            builder.add(record)
    for leg in legs:
        session = SessionMessage()
        session.timestamp = ms(leg.start + timedelta(seconds=leg.elapsed_s))
        session.start_time = ms(leg.start)
        session.sport = leg.sport
        session.total_elapsed_time = leg.elapsed_s
        session.total_timer_time = leg.timer_s
        for name in (
            "avg_heart_rate",
            "max_heart_rate",
            "total_distance",
            "total_calories",
            "training_load_peak",
            "total_training_effect",
            "total_moving_time",
        ):
            value = {
                "avg_heart_rate": leg.avg_hr,
                "max_heart_rate": leg.max_hr,
                "total_distance": leg.distance_m,
                "total_calories": leg.calories,
                "training_load_peak": leg.load_peak,
                "total_training_effect": leg.training_effect,
                "total_moving_time": leg.moving_s,
            }[name]
            if value is not None:
                setattr(session, name, value)
        builder.add(session)
    end = legs[-1].start + timedelta(seconds=legs[-1].elapsed_s)
    activity = ActivityMessage()
    activity.timestamp = ms(end)
    activity.total_timer_time = sum(leg.timer_s for leg in legs)
    activity.num_sessions = len(legs)
    activity.local_timestamp = round((end + utc_offset).replace(tzinfo=UTC).timestamp() - 631065600)
    builder.add(activity)
    builder.build().to_file(str(path))
    return path
