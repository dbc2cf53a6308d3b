"""Claude insights against a fake Messages API (a real local HTTP server, the real SDK): the request,
caching, parsing, and every fallback (429, 500, timeout, malformed JSON, refusal) and batches."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import DEMO_END, run_trainer
from tests.insights.fake_anthropic import error, message
from trainer.insights.claude import EXAMPLE
from trainer.insights.service import collect_batches, insights_for, submit_batch
from trainer.insights.store import requests_with_status, usage_by_month
from trainer.store.athletes import get_athlete
from trainer.store.database import open_database

GOOD = json.dumps(EXAMPLE)


@pytest.fixture
def db(claude_settings):
    return open_database(claude_settings.database_url)


def ask(db, settings, name="demo-marathoner", **kwargs):
    return insights_for(db, get_athlete(db, name), DEMO_END, settings, **kwargs)


def test_the_request_caches_the_prefix_sends_no_personal_data_and_the_answer_is_stored(db, claude_settings, fake_api):
    fake_api.reply(body=message(GOOD))
    result = ask(db, claude_settings)
    assert result.source == "claude" and [i.title for i in result.insights] == [i["title"] for i in EXAMPLE["insights"]]
    assert all(i.source == "claude" for i in result.insights)
    (body,) = fake_api.message_requests()
    assert body["model"] == "claude-haiku-5-5"
    assert not {"temperature", "top_p", "top_k"} & set(body)  # Haiku 5.5 accepts no sampling parameters
    assert body["output_config"] == {"effort": "low"}
    assert [b.get("cache_control") for b in body["system"]] == [{"type": "ephemeral"}]
    history, question = body["messages"][0]["content"]
    assert history["cache_control"] == {"type": "ephemeral"} and "cache_control" not in question
    assert history["text"].splitlines()[1].startswith("date,score,status,hrv,hrv_range_low,rhr")
    assert len(history["text"].splitlines()) == 2 + 56  # header line, column names, eight weeks of days
    assert question["text"].startswith(f"Today is {DEMO_END.isoformat()}.") and "marathon on" in question["text"]
    sent = json.dumps(body)
    for personal in ("demo-marathoner", "Spring marathon", "Europe/Oslo", "1989", "female", "latitude", "note"):
        assert personal not in sent
    headers = {k.lower(): v for k, v in fake_api.requests[0]["headers"].items()}
    assert (
        headers.get("x-api-key") == "sk-ant-test-not-a-real-key"
        or headers.get("authorization") == "Bearer sk-ant-test-not-a-real-key"
    )
    usage = usage_by_month(db).row(0, named=True)
    assert (usage["calls"], usage["input_tokens"], usage["output_tokens"], usage["cache_write_tokens"]) == (
        1,
        1800,
        420,
        1500,
    )
    assert usage["cost_usd"] == pytest.approx((1800 * 0.10 + 420 * 0.50 + 1500 * 0.125) / 1e6)
    again = ask(db, claude_settings)  # a week's validity: served from the database, no new call
    assert again.source == "cache" and len(fake_api.message_requests()) == 1
    fake_api.reply(body=message(GOOD, cache_read=1500, cache_write=0))
    assert ask(db, claude_settings, fresh=True).source == "claude" and len(fake_api.message_requests()) == 2


def test_a_goal_change_makes_cached_insights_stale(db, claude_settings, fake_api):
    from trainer.planning.goals import GoalSpec
    from trainer.planning.store import add_goal

    fake_api.reply(body=message(GOOD))
    ask(db, claude_settings)
    add_goal(db, get_athlete(db, "demo-marathoner").id, GoalSpec("10k", 10.0, date(2027, 6, 6)))
    fake_api.reply(body=message(GOOD))
    assert ask(db, claude_settings).source == "claude" and len(fake_api.message_requests()) == 2


def test_rate_limited_queues_the_athlete_and_shows_cached_insights(db, claude_settings, fake_api):
    fake_api.reply(*error(429, "rate_limit_error", "slow down"))
    first = ask(db, claude_settings)
    assert first.source == "rules" and "rate limited" in first.note and len(first.insights) >= 3
    fake_api.reply(body=message(GOOD))
    ask(db, claude_settings, fresh=True)
    fake_api.reply(*error(429, "rate_limit_error", "slow down"))
    shown = ask(db, claude_settings, fresh=True)
    assert (
        shown.source == "cache" and shown.insights[0].source == "claude" and "queued for the next batch" in shown.note
    )
    assert [r.athlete_id for r in requests_with_status(db, "queued")] == [1]  # queued once, not twice


def test_server_errors_fall_back_to_fresh_cache_else_rules(db, claude_settings, fake_api):
    fake_api.reply(*error(500, "api_error", "boom"))
    assert ask(db, claude_settings).source == "rules"
    fake_api.reply(body=message(GOOD))
    ask(db, claude_settings, fresh=True)
    fake_api.reply(*error(529, "overloaded_error", "busy"))
    result = ask(db, claude_settings, fresh=True)
    assert result.source == "cache" and "HTTP 529" in result.note


def test_a_timeout_is_retried_once_then_the_rules_answer(db, claude_settings, fake_api):
    fake_api.reply(body=message(GOOD), delay_s=1.5)
    fake_api.reply(body=message(GOOD), delay_s=1.5)
    result = ask(db, claude_settings)
    assert result.source == "rules" and "timed out twice" in result.note
    assert len(fake_api.message_requests()) == 2


def test_a_timeout_then_an_answer_is_claude(db, claude_settings, fake_api):
    fake_api.reply(body=message(GOOD), delay_s=1.5)
    fake_api.reply(body=message(GOOD))
    assert ask(db, claude_settings).source == "claude"


def test_malformed_output_is_retried_once_then_the_rules_answer(db, claude_settings, fake_api):
    fake_api.reply(body=message("Here are your insights: {not json"))
    fake_api.reply(body=message(json.dumps({"insights": EXAMPLE["insights"][:1]})))  # valid JSON, too few insights
    result = ask(db, claude_settings)
    assert result.source == "rules" and "invalid output (insights" in result.note
    assert len(fake_api.message_requests()) == 2
    assert usage_by_month(db)["calls"][0] == 2  # failed answers cost tokens too, and are counted
    fake_api.reply(body=message("```json\nnot json\n```"))
    fake_api.reply(body=message(f"```json\n{GOOD}\n```"))  # a fenced answer is fine
    assert ask(db, claude_settings, fresh=True).source == "claude"


def test_a_refusal_goes_straight_to_the_rules(db, claude_settings, fake_api):
    fake_api.reply(body=message("", stop_reason="refusal"))
    result = ask(db, claude_settings)
    assert result.source == "rules" and "declined" in result.note and len(fake_api.message_requests()) == 1


def test_a_batch_from_submission_to_results_with_an_errored_item(db, claude_settings, fake_api):
    athletes = [get_athlete(db, n) for n in ("demo-cyclist", "demo-marathoner", "demo-triathlete")]
    batch_id = submit_batch(db, athletes, DEMO_END, claude_settings)
    assert batch_id == "msgbatch_fake1"
    (submitted,) = [r["body"] for r in fake_api.requests if r["path"] == "/v1/messages/batches"]
    assert [r["custom_id"] for r in submitted["requests"]] == ["athlete-2", "athlete-1", "athlete-3"]
    assert submitted["requests"][0]["params"]["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert {r.athlete_id for r in requests_with_status(db, "submitted")} == {1, 2, 3}
    fake_api.batch_statuses.extend(["in_progress", "ended"])
    fake_api.batch_results.extend(
        [
            {
                "custom_id": "athlete-1",
                "result": {
                    "type": "succeeded",
                    "message": message(GOOD, input_tokens=2000, output_tokens=400, cache_read=1500, cache_write=0),
                },
            },
            {
                "custom_id": "athlete-2",
                "result": {
                    "type": "errored",
                    "error": {"type": "error", "error": {"type": "invalid_request_error", "message": "bad"}},
                },
            },
            {"custom_id": "athlete-3", "result": {"type": "succeeded", "message": message("no json here")}},
        ]
    )
    (waiting,) = collect_batches(db, claude_settings)
    assert waiting.status == "in_progress" and waiting.counts["processing"] == 2
    (ended,) = collect_batches(db, claude_settings)
    assert (ended.status, ended.stored, ended.failed) == ("ended", 1, 2)
    assert [r.athlete_id for r in requests_with_status(db, "done")] == [1]
    assert sorted(r.athlete_id for r in requests_with_status(db, "failed")) == [2, 3]
    cached = ask(db, claude_settings)
    assert cached.source == "cache" and cached.insights[0].source == "claude"
    month = usage_by_month(db).row(0, named=True)
    assert month["calls"] == 2  # the two answers that came back (one unusable)
    one = (2000 * 0.10 + 400 * 0.50 + 1500 * 0.01) / 1e6 * 0.5
    two = (1800 * 0.10 + 420 * 0.50 + 1500 * 0.125) / 1e6 * 0.5
    assert month["cost_usd"] == pytest.approx(one + two)


def test_the_cli_gives_json_and_usage(claude_settings, fake_api):
    env = {
        "ANTHROPIC_API_KEY": "sk-ant-test-not-a-real-key",
        "ANTHROPIC_BASE_URL": fake_api.url,
        "TRAINER_DATABASE_URL": claude_settings.database_url,
    }
    fake_api.reply(body=message(GOOD))
    result = run_trainer("insights", "-a", "demo-triathlete", "--json", "--on", DEMO_END.isoformat(), env=env)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [set(i) for i in items][0] == {
        "type",
        "title",
        "content",
        "supporting_data",
        "action_items",
        "source",
        "generated_at",
        "valid_until",
    }
    assert {i["source"] for i in items} == {"claude"}
    rules = json.loads(
        run_trainer(
            "insights", "-a", "demo-triathlete", "--json", "--rules-only", "--on", DEMO_END.isoformat(), env=env
        ).stdout
    )
    assert {i["source"] for i in rules} == {"rules"} and 3 <= len(rules) <= 5
    usage = run_trainer("insights", "--usage", env=env)
    lines = usage.stdout.splitlines()
    assert (
        usage.returncode == 0 and lines[0].startswith("month") and len(lines) == 2 and " 1 " in lines[1]
    )  # one call, this month
    assert "sk-ant-test" not in result.stdout + result.stderr + usage.stdout + usage.stderr
    fake_api.batch_statuses.append("in_progress")
    submitted = run_trainer("insights", "--all", "--batch", "--on", DEMO_END.isoformat(), env=env)
    assert (
        submitted.returncode == 0 and "submitted batch msgbatch_fake1 for 2 athletes" in submitted.stdout
    )  # the triathlete is fresh
    waiting = run_trainer("insights", "--collect", env=env)
    assert waiting.returncode == 0 and "in_progress" in waiting.stdout
    bad = run_trainer("insights", "--all", env=env)
    assert bad.returncode == 2 and "--all and --batch go together" in bad.stderr
