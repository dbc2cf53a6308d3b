"""How every confidence interval is drawn: one set of defaults (draws, seed, confidence) for the
CLI, the notebook and the report. Kept apart from the bootstrap itself so that the command line
can show the defaults without loading numpy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


# A difference in rmcorr smaller than this is too small to matter to an athlete or a coach: a
# tenth of what separates the personal forecast from the seed score on PMData, and about what one
# check-in a week more or less moves it. Configurable (``trainer validate --practical``).
PRACTICAL_DIFFERENCE = 0.05
VERDICTS = (
    "better",
    "detectable, too small to matter",
    "no practical difference",
    "no detectable difference",
    "detectably worse, too small to matter",
    "worse",
    "not comparable",
)


def judged(low: float, high: float, practical: float = PRACTICAL_DIFFERENCE) -> str:
    """A difference's verdict from its CI: "better" or "worse" only when the CI excludes 0 and
    reaches past the practical threshold; a CI above 0 but inside it is "detectable, too small to
    matter"; a CI inside it either side of 0 is "no practical difference"; a wider CI across 0 is
    "no detectable difference"."""
    if not (low == low and high == high):
        return "not comparable"
    if low > 0:
        return "better" if high > practical else "detectable, too small to matter"
    if high < 0:
        return "worse" if low < -practical else "detectably worse, too small to matter"
    if -practical <= low and high <= practical:
        return "no practical difference"
    return "no detectable difference"


@dataclass(frozen=True)
class Resampling:
    """How every CI is drawn. The defaults are the ones the CLI, the notebook and the report use."""

    draws: int = 2000
    seed: int = 1
    confidence: float = 0.95
    practical: float = PRACTICAL_DIFFERENCE  # the smallest difference in rmcorr that matters

    def describe(self) -> str:
        """The words printed with every CI, e.g. "95 % CI, cluster bootstrap over athletes, 2000 draws,
        resampling seed 1"."""
        return (
            f"{self.confidence:.0%} CI, cluster bootstrap over athletes, {self.draws} draws, "
            f"resampling seed {self.seed}"
        ).replace("%", " %")

    def picks(self, clusters: int) -> np.ndarray:
        """(draws x clusters) athlete indices, the same for every comparison of one run."""
        import numpy as np

        return np.random.default_rng(self.seed).integers(0, clusters, size=(self.draws, clusters))

    def percentiles(self, values: np.ndarray) -> tuple[float, float]:
        import numpy as np

        values = values[np.isfinite(values)]
        if values.size == 0:
            return float("nan"), float("nan")
        tail = (1 - self.confidence) / 2 * 100
        return float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))


DEFAULT_RESAMPLING = Resampling()
