"""The scoring levers carried in a link, so a coach's "Open dashboard" shows the coach's score.

    ?athlete=ana&method=normal-range&weights=0.7,0.3,0.2,0.1&acwr=ewma&green=75&yellow=45

Only levers that differ from the team's settings (``base``; SCORING.md's defaults until someone
sets the team's) go in the link; a lever that is absent or not valid keeps the team's (a link
someone typed must not break the page). Anything else is a "what if", and says so.

>>> levers_query({**DEFAULT_LEVERS, "weights": (0.7, 0.3, 0.2, 0.1)})
'weights=0.7%2C0.3%2C0.2%2C0.1'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from urllib.parse import urlencode

from trainer.scoring.config import ACWR_VARIANTS, DEFAULT_LEVERS, METHODS

WEIGHT_NAMES = ("HRV", "resting HR", "sleep", "stress")


def levers_query(chosen: Mapping, base: Mapping = DEFAULT_LEVERS) -> str:
    """The levers that differ from ``base`` (the team's), as a query string ("" when none do)."""
    query = {}
    if chosen.get("method", base["method"]) != base["method"]:
        query["method"] = chosen["method"]
    weights = tuple(float(w) for w in chosen.get("weights", base["weights"]))
    if weights != tuple(base["weights"]):
        query["weights"] = ",".join(f"{w:g}" for w in weights)
    if chosen.get("acwr", base["acwr"]) != base["acwr"]:
        query["acwr"] = chosen["acwr"]
    for name, key in (("green_from", "green"), ("yellow_from", "yellow")):
        if name in chosen and int(chosen[name]) != base[name]:
            query[key] = str(int(chosen[name]))
    return urlencode(query)


def levers_from_query(params: Mapping, base: Mapping = DEFAULT_LEVERS) -> dict:
    """Every lever: from the link where it is valid, else the team's (``base``)."""

    def one(key: str) -> str | None:
        value = params.get(key)
        return value[0] if isinstance(value, list) and value else value if isinstance(value, str) else None

    levers = dict(base)
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


def non_default_note(chosen: Mapping, base: Mapping = DEFAULT_LEVERS) -> str | None:
    """One sentence naming the levers that differ from the team's settings (None when none do):
    the mark of a "what if", whose colours may differ from what the coach and the team see."""
    changes = []
    if chosen.get("method", base["method"]) != base["method"]:
        changes.append(f"method {chosen['method']} (team: {base['method']})")
    weights = tuple(float(w) for w in chosen.get("weights", base["weights"]))
    for name, value, default in zip(WEIGHT_NAMES, weights, base["weights"]):
        if value != default:
            changes.append(f"{name} weight {value:g} (team: {default:g})")
    if chosen.get("acwr", base["acwr"]) != base["acwr"]:
        changes.append(f"load ratio {chosen['acwr']} (team: {base['acwr']})")
    for name, words in (("green_from", "green from"), ("yellow_from", "yellow from")):
        if name in chosen and int(chosen[name]) != base[name]:
            changes.append(f"{words} {int(chosen[name])} (team: {base[name]})")
    if not changes:
        return None
    return (
        "What if: not your team's settings (" + ", ".join(changes) + "). Only this page changes; the colours "
        "your coach and team see stay the team's."
    )
