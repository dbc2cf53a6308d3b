"""The five intensities a session is done at, easiest first: the words every target is keyed by."""

from typing import Literal

Intensity = Literal["recovery", "easy", "moderate", "hard", "maximal"]
INTENSITIES: tuple[Intensity, ...] = ("recovery", "easy", "moderate", "hard", "maximal")
