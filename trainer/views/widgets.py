"""The scoring levers as marimo widgets, built once for the dashboard, the squad and the research
notebook. The one module of ``trainer/`` that imports marimo (STYLE.md's exception): what the
levers mean is decided in ``views/levers.py`` and ``scoring/config.py``, which do not.

A notebook unpacks the widgets into its own globals (marimo reruns a cell when a widget bound to
a name it uses moves, so the cells that follow only the method and the load ratio stay put when a
weight slider moves), lays them out with ``levers_rows`` and reads them with ``chosen``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import marimo as mo

from trainer.scoring.config import ACWR_VARIANTS
from trainer.views.levers import DEFAULT_LEVERS

METHOD_OPTIONS = {  # what a person reads -> the method's name
    "Standard: against your usual (default)": "seed",
    "Normal range: against your usual spread": "normal-range",
    "Personal: learns from your check-ins": "personal",
}
WEIGHT_LABELS = ("HRV weight", "Resting HR weight", "Sleep weight", "Stress weight")  # ScoringConfig's order
ACWR_WORDS = {
    "rolling": "7-day against 28-day averages",
    "uncoupled": "7 days against the 21 before",
    "ewma": "weighted averages (EWMA)",
}
ACWR_OPTIONS = {"as the method says": "method default", **{ACWR_WORDS.get(v, v): v for v in ACWR_VARIANTS}}


def scoring_levers(start: Mapping = DEFAULT_LEVERS) -> tuple:
    """(method, load ratio, HRV, resting HR, sleep and stress weight), set to ``start`` (the
    defaults, or a coach's link)."""
    method_label = next(label for label, method in METHOD_OPTIONS.items() if method == start["method"])
    method = mo.ui.radio(options=METHOD_OPTIONS, value=method_label, label="Method")
    acwr_label = next(label for label, variant in ACWR_OPTIONS.items() if variant == start["acwr"])
    acwr = mo.ui.dropdown(options=ACWR_OPTIONS, value=acwr_label, label="Load ratio (this week against your usual)")
    weights = tuple(
        mo.ui.slider(0, 1, step=0.05, value=value, label=label, show_value=True)
        for value, label in zip(start["weights"], WEIGHT_LABELS)
    )
    return (method, acwr, *weights)


def status_cut_offs(start: Mapping = DEFAULT_LEVERS) -> tuple:
    """(green from, yellow from): the squad's levers for where the status bands begin."""
    return (
        mo.ui.slider(50, 100, value=start["green_from"], label="Green from", show_value=True),
        mo.ui.slider(0, 80, value=start["yellow_from"], label="Yellow from", show_value=True),
    )


def levers_rows(choices: Sequence, weights: Sequence) -> mo.Html:
    """The choices (method, load ratio, cut-offs, a notebook's own) on one row, the weights below."""
    return mo.vstack(
        [mo.hstack(list(choices), justify="start", wrap=True), mo.hstack(list(weights), justify="start", wrap=True)]
    )


def chosen(method, acwr, weights: Sequence, cut_offs: Sequence | None = None, fixed: Mapping = DEFAULT_LEVERS) -> dict:
    """The levers' values as ``config_or_problem`` takes them; without cut-off widgets (the
    dashboard, where only a coach's link sets them) the cut-offs come from ``fixed``."""
    green, yellow = (c.value for c in cut_offs) if cut_offs else (fixed["green_from"], fixed["yellow_from"])
    return {
        "method": method.value,
        "weights": tuple(w.value for w in weights),
        "acwr": acwr.value,
        "green_from": green,
        "yellow_from": yellow,
    }


def check_in_form(day, earlier: Mapping | None = None) -> mo.ui.form:
    """The check-in's own form for the local app: the questions of ``ingest.check_in`` (readiness
    0-10 first, the 1-5 items, illness, injury, a note), nothing prefilled but this morning's own
    answers (``earlier``). Its value is ``answers_of``'s input."""
    from trainer.ingest.check_in import BODY_PARTS, ITEM_LABELS, READINESS_LABEL, SEVERITIES, SEVERITY_WORDS

    was = dict(earlier or {})

    def scale(name: str, low: int, high: int, question: str, low_words: str, high_words: str) -> mo.ui.radio:
        chosen = was.get(name)
        return mo.ui.radio(
            options=[str(v) for v in range(low, high + 1)],
            value=None if chosen is None else f"{chosen:g}",
            inline=True,
            label=f"{question} ({low} = {low_words}, {high} = {high_words})",
        )

    elements = {
        "day": mo.ui.date(value=day, label="Morning of"),
        "readiness": scale("readiness", 0, 10, *READINESS_LABEL),
        **{name: scale(name, 1, 5, *words) for name, words in ITEM_LABELS.items()},
        "ill": mo.ui.checkbox(value=bool(was.get("ill")), label="I feel ill"),
        "injured": mo.ui.checkbox(value=bool(was.get("injured")), label="I have an injury or pain"),
        "injury_part": mo.ui.dropdown(options=list(BODY_PARTS), value=was.get("injury_part"), label="Where"),
        "injury_severity": mo.ui.dropdown(
            options=dict(zip(SEVERITY_WORDS, SEVERITIES)),
            value=next((w for w, s in zip(SEVERITY_WORDS, SEVERITIES) if s == was.get("injury_severity")), None),
            label="How bad",
        ),
        "note": mo.ui.text_area(value=was.get("note") or "", max_length=500, label="A note to your coach (optional)"),
    }
    layout = "\n\n".join("{" + name + "}" for name in elements)
    return mo.ui.form(mo.md(layout).batch(**elements), submit_button_label="Send my check-in")


def answers_of(value: Mapping):
    """The form's value as (its day, ``ingest.check_in.Answers``)."""
    from trainer.ingest.check_in import answers_from

    return value["day"], answers_from(value)
