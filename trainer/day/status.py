"""How a status looks: never colour alone, always a word and a symbol too."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusStyle:
    colour: str
    symbol: str
    word: str
    advice: str


STATUS_STYLES = {
    "green": StatusStyle("#1a9850", "●", "Green", "ready to train"),
    "yellow": StatusStyle("#e6a100", "▲", "Yellow", "train, but keep it controlled"),
    "red": StatusStyle("#d73027", "■", "Red", "recover today"),
    "insufficient data": StatusStyle("#888888", "?", "No score", "not enough data for a score"),
}
STATUS_ORDER = ["green", "yellow", "red", "insufficient data"]


def style(status: str) -> StatusStyle:
    return STATUS_STYLES.get(status, STATUS_STYLES["insufficient data"])


def label(status: str) -> str:
    """'● Green', '■ Red', ... for tables."""
    s = style(status)
    return f"{s.symbol} {s.word}"
