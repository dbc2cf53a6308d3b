"""What a source's body yields: partial wellness rows per date, activities, zones and figures."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Extracted:
    """``wellness``: one dict per date with only the fields this body knows (others untouched).
    ``activities``: activity rows keyed by (source, source_id). ``zones``: the athlete's Garmin HR
    zones per sport. ``note`` says why nothing was kept."""

    kind: str
    wellness: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)
    zones: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)  # FTP, power zones, lactate threshold, VO2max, race predictions
    check_ins: list[dict] = field(default_factory=list)  # how the athlete said they felt (date and 1-5 items)
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.wellness or self.activities or self.zones or self.figures or self.check_ins)
