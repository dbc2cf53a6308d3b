"""What a Garmin body yields: partial wellness rows per date, and activities."""

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
    note: str = ""

    @property
    def empty(self) -> bool:
        return not self.wellness and not self.activities and not self.zones and not self.figures
