"""Every scoring setting in one immutable, hashable object, with the defaults of SCORING.md.

The app caches on it, so it must stay frozen: change a setting with ``dataclasses.replace`` or
``ScoringConfig.with_weights``.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields, replace
from hashlib import sha256
from typing import Literal

from trainer.errors import TrainerError

Method = Literal["seed", "normal-range", "personal"]
AcwrVariant = Literal["rolling", "uncoupled", "ewma"]
Status = Literal["green", "yellow", "red", "insufficient data"]
METHODS: tuple[Method, ...] = ("seed", "normal-range", "personal")
# what people read: the levers call the seed method "Standard" (a "seed score" reads like a random seed)
METHOD_NAMES: dict[str, str] = {"seed": "standard", "normal-range": "normal-range", "personal": "personal"}
ACWR_VARIANTS: tuple[AcwrVariant, ...] = ("rolling", "uncoupled", "ewma")
COMPONENTS = ("hrv", "hr", "sleep", "stress")


@dataclass(frozen=True)
class Weights:
    """Relative weights of the four components; any non-negative values, normalised when used."""

    hrv: float = 0.4
    hr: float = 0.3
    sleep: float = 0.2
    stress: float = 0.1

    def __post_init__(self) -> None:
        values = self.as_tuple()
        if any(not math.isfinite(value) for value in values):
            raise TrainerError(f"weights must be finite numbers, got {self.describe()}")
        if any(value < 0 for value in values) or sum(values) <= 0:
            raise TrainerError(f"weights must be non-negative with a positive sum, got {self.describe()}")

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.hrv, self.hr, self.sleep, self.stress)

    def normalised(self) -> Weights:
        total = sum(self.as_tuple())
        return Weights(*(value / total for value in self.as_tuple()))

    def describe(self) -> str:
        return ",".join(f"{name}={value:g}" for name, value in zip(COMPONENTS, self.as_tuple()))

    @classmethod
    def parse(cls, text: str) -> Weights:
        """``"hrv=0.4,hr=0.3,sleep=0.2,stress=0.1"``; components left out keep their default."""
        values = {}
        for part in filter(None, (piece.strip() for piece in text.split(","))):
            name, _, number = part.partition("=")
            if name.strip() not in COMPONENTS:
                raise TrainerError(f"unknown weight {name.strip()!r} in {text!r}: use {', '.join(COMPONENTS)}")
            try:
                values[name.strip()] = float(number)
            except ValueError:
                raise TrainerError(f"weight {name.strip()!r} in {text!r} is not a number") from None
        return cls(**values)


SIGNALS = (
    "hrv_week",
    "hrv_cv",
    "resting_hr",
    "sleep",
    "readiness_yesterday",
    "readiness_recent",
    "items_yesterday",
    "unwell_yesterday",
)


@dataclass(frozen=True)
class PersonalWeights:
    """The personal method's forecast: readiness (in units of the athlete's own spread) predicted
    from each signal (in units of its own spread). Fitted on PMData's athletes
    (``trainer.research.personal_fit``, the command in README's research section); the HRV and
    illness weights are priors, since PMData has neither (small: on a Fitbit data set ln HRV alone
    tracked "rested" at 0.02-0.03)."""

    hrv_week: float = 0.06
    hrv_cv: float = 0.02
    resting_hr: float = 0.006
    sleep: float = 0.0993
    readiness_yesterday: float = 0.1148
    readiness_recent: float = 0.5816
    items_yesterday: float = 0.1109
    unwell_yesterday: float = 0.15

    def __post_init__(self) -> None:
        if any(not math.isfinite(value) for value in self.as_tuple()):
            raise TrainerError(f"personal weights must be finite numbers, got {self.as_tuple()}")

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in SIGNALS)


@dataclass(frozen=True)
class ScoringConfig:
    """How recovery is scored. Defaults are SCORING.md's seed method."""

    method: Method = "seed"
    weights: Weights = field(default_factory=Weights)
    acwr_variant: AcwrVariant | None = None  # None: the method's own (seed: rolling, normal-range: ewma)
    # seed windows (days before D) and the minimum number of values a baseline needs
    baseline_days: int = 7
    baseline_min_values: int = 3
    acute_days: int = 7
    chronic_days: int = 28
    # ACWR thresholds (strictly above) and their factors
    acwr_caution: float = 1.3
    acwr_caution_factor: float = 0.9
    acwr_danger: float = 1.5
    acwr_danger_factor: float = 0.8
    # status cut-offs: green from, yellow from; the rest is red
    green_from: int = 80
    yellow_from: int = 50
    min_weight_share: float = 0.5
    # normal-range method
    nr_baseline_days: int = 60
    nr_min_values: int = 14
    nr_week_days: int = 7
    nr_rhr_days: int = 3
    nr_outlier_sd: float = 3.5
    nr_hrv_sigma_floor: float = 0.03
    nr_rhr_sigma_floor: float = 1.0
    # personal method: the predicted readiness (own spreads), read against the athlete's own usual
    # (``scoring.personal.calibrated``); the check-in's share of the second number
    personal: PersonalWeights = field(default_factory=PersonalWeights)
    personal_checkin_share: float = 0.5
    # fitness / fatigue time constants
    ctl_days: int = 42
    atl_days: int = 7

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise TrainerError(f"unknown method {self.method!r}: use {' or '.join(METHODS)}")
        if self.acwr_variant is not None and self.acwr_variant not in ACWR_VARIANTS:
            raise TrainerError(f"unknown ACWR variant {self.acwr_variant!r}: use {', '.join(ACWR_VARIANTS)}")
        if not 0 <= self.yellow_from <= self.green_from <= 100:
            raise TrainerError(
                f"status cut-offs must satisfy 0 <= yellow ({self.yellow_from}) <= green ({self.green_from}) <= 100"
            )
        if not 0 <= self.acwr_danger_factor <= 1 or not 0 <= self.acwr_caution_factor <= 1:
            raise TrainerError("ACWR factors must be between 0 and 1: they only ever lower the score")
        if not self.acute_days < self.chronic_days:
            raise TrainerError("the acute window must be shorter than the chronic window")

    @property
    def acwr(self) -> AcwrVariant:
        """The ACWR variant in force: the chosen one, else the method's own."""
        if self.acwr_variant is not None:
            return self.acwr_variant
        return "rolling" if self.method == "seed" else "ewma"

    def normal_range_baseline_settings(self) -> BaselineSettings:
        """What the normal-range method's robust baselines depend on (not the weights, the cut-offs
        or the load ratio): baselines computed with the same settings can be used again."""
        return BaselineSettings(**{f.name: getattr(self, f.name) for f in fields(BaselineSettings)})

    def with_weights(self, **weights: float) -> ScoringConfig:
        return replace(self, weights=replace(self.weights, **weights))

    def to_dict(self) -> dict:
        return asdict(self) | {"acwr_in_force": self.acwr}

    @classmethod
    def from_dict(cls, settings: dict) -> ScoringConfig:
        """The config ``to_dict`` gave (a frozen study plan keeps its arms' configs this way)."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in settings.items() if key in known}
        values["weights"] = Weights(**settings.get("weights", {}))
        values["personal"] = PersonalWeights(**settings.get("personal", {}))
        return cls(**values)

    def digest(self) -> str:
        """A stable hash of the settings, stored with every recommendation."""
        return sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()[:16]


DEFAULT_LEVERS: dict = {  # the apps' levers at SCORING.md's seed defaults
    "method": "seed",
    "weights": (0.4, 0.3, 0.2, 0.1),
    "acwr": "method default",
    "green_from": 80,
    "yellow_from": 50,
}


def config_from_levers(chosen: dict) -> ScoringConfig:
    """A config from the apps' levers: ``{"method", "weights": (hrv, hr, sleep, stress), "acwr",
    "green_from", "yellow_from"}``; keys left out keep their defaults. ``acwr`` "method default"
    means the method's own variant."""
    settings: dict = {}
    if "method" in chosen:
        settings["method"] = chosen["method"]
    if "weights" in chosen:
        settings["weights"] = Weights(*chosen["weights"])
    if chosen.get("acwr") not in (None, "method default"):
        settings["acwr_variant"] = chosen["acwr"]
    for name in ("green_from", "yellow_from"):
        if name in chosen:
            settings[name] = int(chosen[name])
    return ScoringConfig(**settings)


def config_or_problem(chosen: dict) -> tuple[ScoringConfig, str | None]:
    """``config_from_levers``, or the defaults and the reason when the levers make no valid config
    (all weights at zero, crossed cut-offs): what every app shows instead of a traceback."""
    from trainer.errors import TrainerError

    try:
        return config_from_levers(chosen), None
    except TrainerError as error:
        return ScoringConfig(), str(error)


@dataclass(frozen=True)
class BaselineSettings:
    """The settings the normal-range method's robust baselines depend on (names as in ScoringConfig)."""

    nr_baseline_days: int
    nr_min_values: int
    nr_outlier_sd: float
    nr_hrv_sigma_floor: float
    nr_rhr_sigma_floor: float

    def config(self) -> ScoringConfig:
        """A normal-range config with these settings (the rest at their defaults)."""
        return replace(ScoringConfig(method="normal-range"), **asdict(self))
