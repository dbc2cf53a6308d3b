"""The demo athletes: who they are and how their training week is built."""

from __future__ import annotations

from dataclasses import dataclass

# (weekday 0=Mon, sport, intensity, share of the week's load, local start hour)
Session = tuple[int, str, str, float, float]


@dataclass(frozen=True)
class DemoProfile:
    name: str
    description: str
    sex: str
    birth_year: int
    main_sport: str
    time_zone: str
    max_hr: int
    hrv_base: float
    rhr_base: float
    weekly_load: float
    week: tuple[Session, ...]
    race_days_before_end: tuple[int, ...]
    race_sport: str
    race_minutes: float
    illness_days_before_end: int
    ftp: int | None = None  # a power meter on the bike: rides carry power (demo: made up, like the rest)


MARATHONER = DemoProfile(
    name="demo-marathoner",
    description="Demo: road marathoner, 6 runs a week",
    sex="female",
    birth_year=1989,
    main_sport="run",
    time_zone="Europe/Oslo",
    max_hr=188,
    hrv_base=62.0,
    rhr_base=48.0,
    weekly_load=620.0,
    week=(
        (1, "run", "hard", 0.20, 17.5),
        (2, "run", "easy", 0.12, 6.5),
        (3, "run", "moderate", 0.18, 17.5),
        (4, "run", "recovery", 0.07, 6.5),
        (5, "run", "easy", 0.30, 8.0),
        (6, "run", "easy", 0.13, 9.0),
    ),
    race_days_before_end=(430, 75),
    race_sport="run",
    race_minutes=205,
    illness_days_before_end=250,
)

CYCLIST = DemoProfile(
    name="demo-cyclist",
    description="Demo: amateur road cyclist, long weekend rides",
    sex="male",
    birth_year=1980,
    main_sport="bike",
    time_zone="America/Denver",
    max_hr=182,
    hrv_base=48.0,
    rhr_base=52.0,
    weekly_load=700.0,
    week=(
        (1, "bike", "hard", 0.18, 18.0),
        (2, "bike", "easy", 0.12, 18.0),
        (3, "bike", "moderate", 0.16, 18.0),
        (4, "strength", "easy", 0.05, 12.0),
        (5, "bike", "easy", 0.32, 8.0),
        (6, "bike", "easy", 0.17, 9.0),
    ),
    race_days_before_end=(540, 160),
    race_sport="bike",
    race_minutes=330,
    illness_days_before_end=400,
    ftp=265,
)

TRIATHLETE = DemoProfile(
    name="demo-triathlete",
    description="Demo: age-group triathlete, two sessions some days",
    sex="female",
    birth_year=1994,
    main_sport="triathlon",
    time_zone="Australia/Sydney",
    max_hr=192,
    hrv_base=78.0,
    rhr_base=46.0,
    weekly_load=760.0,
    week=(
        (0, "swim", "easy", 0.08, 6.0),
        (1, "bike", "hard", 0.15, 17.5),
        (1, "run", "easy", 0.06, 6.5),
        (2, "swim", "moderate", 0.09, 6.0),
        (2, "run", "moderate", 0.10, 17.5),
        (3, "bike", "easy", 0.10, 17.5),
        (5, "bike", "easy", 0.24, 7.5),
        (5, "run", "easy", 0.04, 12.0),
        (6, "run", "easy", 0.14, 8.0),
    ),
    race_days_before_end=(380, 30),
    race_sport="triathlon",
    race_minutes=320,
    illness_days_before_end=130,
)

DEMO_PROFILES = (MARATHONER, CYCLIST, TRIATHLETE)
