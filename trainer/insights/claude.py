"""Asking Claude for insights: the prompt (cached prefix, uncached question), the call, the
checks on what comes back, and the usage it cost. No database here: ``service`` decides what
to do with the outcome.

The prompt caches two blocks: the system prompt (role, output schema, one worked example; the
same for every athlete, so a batch of athletes reads it from the cache) and the athlete's history
table; the question of the week comes last, uncached. Claude Haiku 5.5 takes no sampling
parameters (temperature, top_p, top_k return errors), so none are sent; effort is set low.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from trainer.insights.model import InsightAnswer, InsightBody
from trainer.insights.pricing import cost_usd

if TYPE_CHECKING:  # the SDK takes over a second to import: only code that calls Claude pays for it
    import anthropic

Failure = Literal["rate_limited", "timeout", "api_error", "invalid", "refusal"]
MAX_TOKENS = 2000
EFFORT = "low"
CACHED = {"type": "ephemeral"}

EXAMPLE = {
    "insights": [
        {
            "type": "overtraining_warning",
            "title": "Load spike: load ratio 1.62",
            "content": "This week's load (612) is well ahead of your four-week average (378 a week): a load ratio of "
            "1.62, above 1.5.",
            "supporting_data": {"acwr": 1.62, "weekly_load": 612},
            "action_items": ["Keep the next three days easy", "Cut the long run to 75 minutes"],
        },
        {
            "type": "recovery_pattern",
            "title": "HRV below range three nights",
            "content": "HRV sat under your normal range (from 52 ms) on 3 of the last 7 days while sleep averaged "
            "6.4 h.",
            "supporting_data": {"days_below": 3, "mean_sleep_h": 6.4},
            "action_items": ["Aim for 8 hours in bed this week"],
        },
        {
            "type": "frequency_recommendation",
            "title": "Two easy days a week are working",
            "content": "Weeks with two easy days had a mean score of 74 against 61 for weeks with one.",
            "supporting_data": {"score_two_easy": 74, "score_one_easy": 61},
            "action_items": ["Keep Monday and Friday easy"],
        },
    ]
}

SYSTEM_PROMPT = f"""You are an experienced endurance coach and sports scientist reviewing one athlete's training data.
You write three to five insights about the last 4-8 weeks: patterns in recovery, warnings of overreaching,
what is working, and how often to train hard. Every insight names the numbers behind it, taken from the
table, and ends in concrete actions. Never invent data; if something is missing, say so.

Reply with JSON only, no prose around it, matching this schema:
{json.dumps(InsightAnswer.model_json_schema(), separators=(",", ":"))}

"type" is one of recovery_pattern, overtraining_warning, workout_effectiveness, frequency_recommendation.
Titles are at most 120 characters; 1-4 action items each. Write for the athlete in plain words: say "load
ratio" (this week against the usual four), "fitness", "fatigue" and "form", never ACWR, CTL, ATL, TSB or a
column name.

The table's columns: date; score (recovery 0-100) and status (green >= 80, yellow 50-79, red < 50); hrv
(ms) and hrv_range_low (the bottom of the athlete's normal range); rhr and rhr_base (resting HR, bpm);
sleep_h; stress (0-100); load (Garmin training load of the day); acwr (acute:chronic, 0.8-1.3 is the
sweet spot, > 1.5 a spike); ctl, atl, tsb (fitness, fatigue, form); monotony; felt_0_10 (the athlete's
own morning readiness). Empty cells are missing data.

An example of a good answer (for another athlete):
{json.dumps(EXAMPLE, indent=1)}"""


@dataclass(frozen=True)
class Usage:
    model: str
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    outcome: str = "ok"
    batch: bool = False

    @property
    def cost_usd(self) -> float | None:
        return cost_usd(
            self.model,
            self.input_tokens,
            self.output_tokens,
            self.cache_read_tokens,
            self.cache_write_tokens,
            self.batch,
        )


@dataclass(frozen=True)
class Outcome:
    insights: list[InsightBody] | None
    failure: Failure | None = None
    detail: str = ""
    usage: list[Usage] = field(default_factory=list)


def request_params(model: str, history: str, question: str) -> dict:
    """Messages API parameters: the cached system prompt and history, then the uncached question."""
    return {
        "model": model,
        "max_tokens": MAX_TOKENS,
        "system": [{"type": "text", "text": SYSTEM_PROMPT, "cache_control": CACHED}],
        "messages": [
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": "The athlete's days, oldest first (CSV):\n" + history,
                        "cache_control": CACHED,
                    },
                    {"type": "text", "text": question},
                ],
            }
        ],
        "output_config": {"effort": EFFORT},
    }


def make_client(api_key: str, base_url: str | None, timeout_s: float) -> anthropic.Anthropic:
    """No SDK retries: the fallback chain decides what a failure means."""
    import anthropic

    return anthropic.Anthropic(api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=0)


def ask(client: anthropic.Anthropic, params: dict) -> Outcome:
    """Call, retrying once on a timeout and once on output that does not validate."""
    import anthropic

    usage: list[Usage] = []
    timeouts = invalid = 0
    while True:
        try:
            message = client.messages.create(**params)
        except anthropic.RateLimitError:
            return Outcome(None, "rate_limited", "rate limited (HTTP 429)", usage)
        except anthropic.APITimeoutError:
            timeouts += 1
            if timeouts > 1:
                return Outcome(None, "timeout", "timed out twice", usage)
            continue
        except anthropic.APIStatusError as exc:
            return Outcome(None, "api_error", f"HTTP {exc.status_code}", usage)
        except anthropic.APIConnectionError:
            return Outcome(None, "api_error", "could not reach the API", usage)
        insights, failure, detail = parse_message(message)
        usage.append(usage_of(message, params["model"], failure or "ok"))
        if failure is None:
            return Outcome(insights, None, "", usage)
        if failure == "refusal":
            return Outcome(None, "refusal", detail, usage)
        invalid += 1
        if invalid > 1:
            return Outcome(None, "invalid", detail, usage)


def parse_message(message) -> tuple[list[InsightBody] | None, Failure | None, str]:
    """(insights, None, "") or (None, failure, why) for a Messages API response."""
    if getattr(message, "stop_reason", None) == "refusal":
        return None, "refusal", "the model declined to answer"
    text = "".join(block.text for block in message.content if getattr(block, "type", None) == "text")
    return parse_text(text)


def parse_text(text: str) -> tuple[list[InsightBody] | None, Failure | None, str]:
    body = re.sub(r"^```(?:json)?\s*|\s*```$", "", text.strip())
    try:
        answer = InsightAnswer.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "output"
        return None, "invalid", f"invalid output ({where}: {first['msg']})"
    return answer.insights, None, ""


def usage_of(message, model: str, outcome: str, batch: bool = False) -> Usage:
    u = message.usage
    return Usage(
        model,
        u.input_tokens or 0,
        u.output_tokens or 0,
        getattr(u, "cache_read_input_tokens", 0) or 0,
        getattr(u, "cache_creation_input_tokens", 0) or 0,
        outcome,
        batch,
    )
