"""The scoring levers carried in a link, so a coach's "Open dashboard" shows the coach's score.

    ?athlete=ana&method=normal-range&weights=0.7,0.3,0.2,0.1&acwr=ewma&green=75&yellow=45

Only levers that differ from the defaults go in the link; a lever that is absent or not valid
keeps its default (a link someone typed must not break the page).

>>> levers_query({**DEFAULT_LEVERS, "weights": (0.7, 0.3, 0.2, 0.1)})
'weights=0.7%2C0.3%2C0.2%2C0.1'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from urllib.parse import urlencode

from trainer.scoring.config import ACWR_VARIANTS

DEFAULT_LEVERS: dict = {
    "method": "seed",
    "weights": (0.4, 0.3, 0.2, 0.1),
    "acwr": "method default",
    "green_from": 80,
    "yellow_from": 50,
}
METHODS = ("seed", "normal-range")
WEIGHT_NAMES = ("HRV", "resting HR", "sleep", "stress")


def levers_query(chosen: Mapping) -> str:
    """The levers that differ from the defaults, as a query string ("" when all are default)."""
    query = {}
    if chosen.get("method", "seed") != "seed":
        query["method"] = chosen["method"]
    weights = tuple(float(w) for w in chosen.get("weights", DEFAULT_LEVERS["weights"]))
    if weights != DEFAULT_LEVERS["weights"]:
        query["weights"] = ",".join(f"{w:g}" for w in weights)
    if chosen.get("acwr", "method default") != "method default":
        query["acwr"] = chosen["acwr"]
    for name, key in (("green_from", "green"), ("yellow_from", "yellow")):
        if name in chosen and int(chosen[name]) != DEFAULT_LEVERS[name]:
            query[key] = str(int(chosen[name]))
    return urlencode(query)


def levers_from_query(params: Mapping) -> dict:
    """Every lever: from the link where it is valid, else the default."""

    def one(key: str) -> str | None:
        value = params.get(key)
        return value[0] if isinstance(value, list) and value else value if isinstance(value, str) else None

    levers = dict(DEFAULT_LEVERS)
    if one("method") in METHODS:
        levers["method"] = one("method")
    if one("acwr") in ACWR_VARIANTS:
        levers["acwr"] = one("acwr")
    weights = _weights(one("weights"))
    if weights is not None:
        levers["weights"] = weights
    for name, key, low, high in (("green_from", "green", 50, 100), ("yellow_from", "yellow", 0, 80)):
        text = one(key)
        if text is not None and text.isdigit() and low <= int(text) <= high:
            levers[name] = int(text)
    return levers


def _weights(text: str | None) -> tuple[float, ...] | None:
    """Four weights of 0-1 on the sliders' 0.05 steps, with a positive sum; else None."""
    try:
        values = tuple(float(part) for part in (text or "").split(","))
    except ValueError:
        return None
    if len(values) != 4 or not all(math.isfinite(v) and 0 <= v <= 1 for v in values) or sum(values) <= 0:
        return None
    return tuple(round(v * 20) / 20 for v in values)


def non_default_note(chosen: Mapping) -> str | None:
    """One sentence naming the levers that differ from the defaults (None when none do)."""
    changes = []
    if chosen.get("method", "seed") != "seed":
        changes.append(f"method {chosen['method']}")
    weights = tuple(float(w) for w in chosen.get("weights", DEFAULT_LEVERS["weights"]))
    for name, value, default in zip(WEIGHT_NAMES, weights, DEFAULT_LEVERS["weights"]):
        if value != default:
            changes.append(f"{name} weight {value:g} (default {default:g})")
    if chosen.get("acwr", "method default") != "method default":
        changes.append(f"load ratio {chosen['acwr']}")
    for name, words in (("green_from", "green from"), ("yellow_from", "yellow from")):
        if name in chosen and int(chosen[name]) != DEFAULT_LEVERS[name]:
            changes.append(f"{words} {int(chosen[name])} (default {DEFAULT_LEVERS[name]})")
    return "Not the default settings: " + ", ".join(changes) + "." if changes else None
