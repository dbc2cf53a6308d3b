"""The validation result in sentences: the same words in the CLI, the research notebook and the
HTML report, so none of them claims more than another. Plain text (valid Markdown too).

A comparison is "better" or "worse" only when its paired CI excludes 0 and reaches past the
practical threshold (0.05 in rmcorr unless the run says otherwise); a CI above 0 but inside it is
"detectable, too small to matter", a CI inside it either side of 0 "no practical difference", a
wider one across 0 "no detectable difference", however the point estimates are ordered.
"""

from __future__ import annotations

import polars as pl

from trainer.research.baselines import DEFINITIONS
from trainer.research.bootstrap import Resampling
from trainer.research.resampling import PRACTICAL_DIFFERENCE


def resampling_of(result: dict) -> Resampling:
    boot = result["bootstrap"]
    return Resampling(
        draws=boot["draws"],
        seed=boot["seed"],
        confidence=boot["confidence"],
        practical=boot.get("practical_difference", PRACTICAL_DIFFERENCE),
    )


def number(value: float | None, signed: bool = False) -> str:
    if value is None or value != value:
        return "not computable"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def ci(low: float | None, high: float | None, result: dict) -> str:
    """ "95 % CI 0.07 to 0.29, 2000 draws, resampling seed 1": every CI carries how it was drawn."""
    if low is None or high is None or low != low or high != high:
        return "no CI: fewer than two athletes"
    boot = result["bootstrap"]
    interval = (
        f"{boot['confidence']:.0%} CI {number(low)} to {number(high)}, {boot['draws']} draws, "
        f"resampling seed {boot['seed']}"
    )
    return interval.replace("%", " %")


def name_of(result: dict) -> str:
    """The method as the levers name it ("standard" for the seed method)."""
    return result.get("method_name", result["method"])


def demo_line(result: dict) -> list[str]:
    """Over demo athletes, said first: they are made up, so nothing here is evidence."""
    demo = result.get("demo_athletes", 0)
    if not demo:
        return []
    athletes = result["n_athletes"]
    which = "All" if demo == athletes else f"{demo} of the"
    return [
        f"Demo data: {which} {athletes} athletes here are made-up demo athletes (trainer demo). These figures show "
        "how the method behaves on them and prove nothing about real athletes."
    ]


def headline(result: dict) -> str:
    when = "the same day" if result["lag"] == 0 else "the next day"
    return (
        f"Over {result['n_days']} days of {result['n_athletes']} athletes, the {name_of(result)} score and the "
        f"readiness they reported {when} have a repeated-measures correlation of {number(result['rmcorr'])} "
        f"({ci(result['ci_low'], result['ci_high'], result)}; cluster bootstrap over athletes), p = "
        f"{result['p_value']:.2g}. Pooled Spearman, for reference only: {number(result['pooled_spearman'])}."
    )


COMPARED = {  # a verdict as "<subject> is ... <the other>"
    "better": "better than",
    "detectable, too small to matter": "detectably but not meaningfully better than",
    "no practical difference": "no different in practice from",
    "no detectable difference": "not detectably different from",
    "detectably worse, too small to matter": "detectably but not meaningfully worse than",
    "worse": "worse than",
    "not comparable": "not comparable with",
}


def comparison(row: dict, result: dict, subject: str) -> str:
    """One paired comparison: "The seed score is worse than yesterday's readiness: difference -0.09
    (CI ...) over 307 days"."""
    word = COMPARED[row["verdict"]]
    return (
        f"{subject} is {word} {row['label']}: rmcorr {number(row['score_rmcorr'])} against "
        f"{number(row['other_rmcorr'])}, difference {number(row['difference'], signed=True)} "
        f"({ci(row['ci_low'], row['ci_high'], result)}) on the {row['n_days']} days of {row['n_athletes']} athletes "
        f"where both exist."
    )


def verdict(result: dict) -> list[str]:
    """The best predictor named, whether its lead is detectable, and the score's standing."""
    found, score = result["verdict"], f"The {name_of(result)} score"
    best = next(row for row in result["predictors"] if row["key"] == found["best"])
    lines = [
        *demo_line(result),
        f"Of the {sum(1 for row in result['predictors'] if row['n_days'])} predictors compared, "
        f"{found['best_label']} tracks readiness best (within-athlete correlation {number(best['rmcorr'])}).",
    ]
    lead = found["lead"]
    if lead is not None:
        figures = (
            f"difference {number(lead['difference'], signed=True)} ({ci(lead['ci_low'], lead['ci_high'], result)})"
        )
        lines.append(
            f"Its lead over the runner-up, {lead['label']}, is detectable and large enough to matter: {figures}."
            if lead["verdict"] == "better"
            else f"It is {COMPARED[lead['verdict']]} the runner-up, {lead['label']}: {figures} on the days both exist."
        )
    standing = found["score_is"]
    parts = [f"{COMPARED[word]} {_listed(standing[word])}" for word in COMPARED if standing.get(word)]
    if parts:
        lines.append(f"{score} is {'; '.join(parts)}.")
    unbeaten = [
        row["label"] for row in result["comparisons"] if row["against"] in DEFINITIONS and row["verdict"] != "better"
    ]
    if unbeaten:
        lines.append(
            f"{score} does not beat {_listed(unbeaten)} by a difference that matters "
            f"({resampling_of(result).practical:g} or more, the whole interval above 0): it should not be presented "
            "as a better guide to readiness than those."
        )
    return lines


COMPONENT_WORDS = {"hrv": "HRV", "hr": "resting heart rate", "sleep": "sleep", "stress": "stress"}


def components_table(result: dict) -> pl.DataFrame:
    """Each part of the score's within-athlete correlation with readiness, with a reader's headers
    and words where a figure cannot be computed (never NaN)."""
    rows = [
        {
            "Part of the score": COMPONENT_WORDS.get(name, name),
            "Days": row["n"],
            "Within-athlete correlation with readiness": number(row["rmcorr"]) if row["n"] else "not measured",
            "95 % CI": ci(row["ci_low"], row["ci_high"], result) if row["n"] else "",
        }
        for name, row in result["components"].items()
    ]
    return pl.DataFrame(rows, schema={"Part of the score": pl.String, "Days": pl.Int64, **HEADS})


HEADS = {"Within-athlete correlation with readiness": pl.String, "95 % CI": pl.String}


def fit_lines(result: dict) -> list[str]:
    if "fit" not in result:
        return []
    fit, forward = result["fit"], result["fit"]["time_forward"]
    share = f"{forward['earlier_share']:.0%}".replace("%", " %")
    return [
        f"Weights fitted by nested leave-one-athlete-out: {fit['weights']} (shrinkage {fit['shrinkage']:g}). On "
        f"athletes they never saw, " + comparison(fit["fitted_vs_seed"], result, "their score"),
        f"Time-forward: weights fitted on each athlete's first {share} of weeks ({forward['train_days']} days) are "
        f"{forward['weights']}; on their later weeks ({forward['test_days']} days of {forward['n_athletes']} "
        f"athletes), " + comparison(forward["fitted_vs_seed"], result, "their score"),
    ]


def _listed(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


EXPLAIN = {
    "rmcorr": "Repeated-measures correlation (Bakdash & Marusich 2017) asks whether, within an athlete, days with a "
    "higher score are days they feel more ready. Each athlete's own average is removed first, so differences between "
    "athletes (one always reports 7, another 4) cannot make or hide a correlation; pooled Spearman mixes those in "
    "and is shown for reference only.",
    "predictors": "Each row is one way to guess the day's readiness, judged the same way: its within-athlete "
    "correlation with readiness "
    "and a CI from resampling whole athletes. The score earns its rules only if it tracks readiness better than a "
    "single raw measure, than yesterday's readiness, or than the athlete's own mean so far.",
    "differences": "Each bar is the score's within-athlete correlation minus another predictor's, on the days "
    "both exist, with a paired "
    "CI (the same resampled athletes for both). Left of zero the other predictor does better; a CI that crosses zero "
    "is no detectable difference, whatever the point says, and a CI that stays within the practical threshold is no "
    "difference that matters.",
    "forest": "The forest plot shows each athlete's own Spearman correlation between score and readiness with its 95 "
    "% CI (Fisher z, SE 1.03/sqrt(n - 3)). Athletes whose CI sits right of zero are tracked by the score; wide "
    "intervals mean few days.",
    "components": "The within-athlete correlation of each part of the score with readiness shows which part "
    "carries the signal. The load "
    "ratio (this week's training against the usual four weeks) is listed because the score is multiplied by a "
    "load-ratio factor on heavy-load days; "
    "it is not a weighted component, and a negative value means readiness drops as load climbs.",
    "time_forward": "Leave-one-athlete-out asks whether weights carry over to new athletes; the time-forward check "
    "asks whether they keep working for the same athletes later: fitted on everyone's earlier weeks, tested on their "
    "later weeks, never fitted on a later day.",
}


def methods(result: dict, command: str) -> list[str]:
    """The methods paragraph with the exact definitions, for a reviewer."""
    boot = result["bootstrap"]
    lag = "the same day (lag 0)" if result["lag"] == 0 else "the next day (lag 1)"
    baselines = "; ".join(f"{key.replace('_', ' ')}: {text}" for key, text in DEFINITIONS.items())
    paragraphs = [
        f"Score: trainer's {name_of(result)} method ({result['method']} in SCORING.md) with {result['weights']}, "
        "rounded score "
        f"before status, multiplied by the load-ratio factor. Readiness: the athlete's perceived readiness reported on "
        f"{lag}. Each score of day D is paired with that report; days without either are left out.",
        f"Association: repeated-measures correlation (Bakdash & Marusich 2017), r from the sums of products "
        f"of within-athlete centred values, df = N - k - 1, p from the t distribution. The headline CI is a "
        f"percentile cluster bootstrap: whole athletes drawn with replacement ({boot['draws']} draws, resampling "
        f"seed {boot['seed']}, {boot['confidence']:.0%} interval), each drawn athlete a distinct "
        f"cluster.".replace("%", " %"),
        "Comparisons: for two predictors of the same readiness, the difference of their correlations on the days where "
        "both exist, with a paired cluster bootstrap (both recomputed on the same drawn athletes in every draw). A "
        f"predictor is called better only when the difference's CI excludes 0 and reaches past "
        f"{resampling_of(result).practical:g} (the smallest difference that matters); a CI above 0 but inside it is "
        "detectable, too small to matter; a CI inside it either side of 0 is no practical difference; a wider one "
        "across 0 is no detectable difference.",
        f"Baselines, each known on the morning of day D and oriented so that higher means more ready: {baselines}.",
        "Fitted weights (when asked): non-negative weights of the components present, shrunk toward the seed "
        "weights, the shrinkage chosen by leave-one-athlete-out inside each outer fold (nested LOAO); every figure "
        "is on athletes the weights never saw. Time-forward: whole weeks, the first two thirds of each athlete's "
        "weeks to fit, the rest to test.",
        f"To reproduce: {command}",
    ]
    return paragraphs


def personal_lines(result: dict) -> list[str]:
    """The personal method's "with your check-in" number against the next day, and the load check."""
    personal = result.get("personal")
    if not personal:
        return []
    section = personal["with_checkin"]
    lines = ["", f"With your check-in, judged against {section['against']} (never the answers it contains):"]
    for row in section["predictors"]:
        figure = (
            "no data" if not row["n_days"] else f"{number(row['rmcorr'])} ({ci(row['ci_low'], row['ci_high'], result)})"
        )
        lines.append(f"  {row['label']:<36} {figure}")
    for row in section["comparisons"]:
        lines.append(
            f"  minus {row['label']}: {row['difference']:+.3f} ({ci(row['ci_low'], row['ci_high'], result)}): "
            f"{row['verdict']}"
        )
    load = personal["load_check"]
    lines += [
        "",
        f"Load ratio added to the forecast (held-out athletes): {load['difference']:+.3f} "
        f"({ci(load['ci_low'], load['ci_high'], result)}): {load['verdict']}; "
        + ("it would earn a place" if load["verdict"] == "better" else "load stays beside the score as context"),
    ]
    return lines
