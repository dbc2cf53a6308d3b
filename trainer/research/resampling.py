"""How every confidence interval is drawn: one set of defaults (draws, seed, confidence) for the
CLI, the notebook and the report. Kept apart from the bootstrap itself so that the command line
can show the defaults without loading numpy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Resampling:
    """How every CI is drawn. The defaults are the ones the CLI, the notebook and the report use."""

    draws: int = 2000
    seed: int = 1
    confidence: float = 0.95

    def describe(self) -> str:
        """The words printed with every CI, e.g. "95 % CI, cluster bootstrap over athletes, 2000 draws, seed 1"."""
        return (
            f"{self.confidence:.0%} CI, cluster bootstrap over athletes, {self.draws} draws, seed {self.seed}".replace(
                "%", " %"
            )
        )

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
