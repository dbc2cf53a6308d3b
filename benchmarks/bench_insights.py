"""Insights: how long the rule engine takes per athlete, how big the Claude prompt is, and what
it would cost per athlete per month at the current Haiku's prices.

No network here: the token figure is estimated from the prompt's characters (about 3 characters a
token with Claude Haiku 5.5's tokenizer, which counts ~30 % more tokens than Haiku 4.5's); the
real figures are recorded per call and totalled by `trainer insights --usage`.

    .venv/bin/python benchmarks/bench_insights.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing import median_ms  # noqa: E402

from trainer.demo.writer import write_demo  # noqa: E402
from trainer.insights import claude  # noqa: E402
from trainer.insights.context import history_table  # noqa: E402
from trainer.insights.pricing import cost_usd  # noqa: E402
from trainer.insights.rules import rule_insights  # noqa: E402
from trainer.insights.service import gather, question  # noqa: E402
from trainer.store.athletes import get_athlete  # noqa: E402
from trainer.store.database import open_database  # noqa: E402

END = date(2026, 11, 24)
CHARS_PER_TOKEN = 3.0
OUTPUT_TOKENS = 700  # three to five insights as JSON
CALLS_PER_MONTH = 52 / 12  # weekly


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{folder}/bench.db")
        write_demo(db, END)
        athlete = get_athlete(db, "demo-marathoner")
        inputs = gather(db, athlete, END)
        gathering = median_ms(lambda: gather(db, athlete, END))
        rules_only = median_ms(lambda: rule_insights(inputs))
        print(f"gather one athlete's 8 weeks from SQLite (scores, load, HRV range, plan): {gathering:6.1f} ms median")
        print(
            f"rule engine on the gathered frame:                                      {rules_only:6.1f} ms median "
            f"({gathering / rules_only:.0f}x less than gathering)"
        )
        params = claude.request_params("claude-haiku-5-5", history_table(inputs.days), question(inputs))
        system = len(params["system"][0]["text"])
        history = len(params["messages"][0]["content"][0]["text"])
        asked = len(params["messages"][0]["content"][1]["text"])
        cached_tokens = round((system + history) / CHARS_PER_TOKEN)
        question_tokens = round(asked / CHARS_PER_TOKEN)
        print(
            f"prompt: system {system:,} chars, history {history:,} chars, question {asked} chars "
            f"(~{cached_tokens + question_tokens:,} tokens, ~{cached_tokens:,} of them cacheable)"
        )
        first = cost_usd("claude-haiku-5-5", question_tokens, OUTPUT_TOKENS, 0, cached_tokens)
        repeat = cost_usd("claude-haiku-5-5", question_tokens, OUTPUT_TOKENS, cached_tokens, 0)
        batch = cost_usd("claude-haiku-5-5", question_tokens, OUTPUT_TOKENS, 0, cached_tokens, batch=True)
        print(
            f"cost per call at Haiku 5.5 prices: ${first:.5f} (cache write), ${repeat:.5f} (cache read), "
            f"${batch:.5f} (batch)"
        )
        print(
            f"per athlete per month, weekly insights: ${first * CALLS_PER_MONTH:.4f} one by one, "
            f"${batch * CALLS_PER_MONTH:.4f} through batches"
        )


if __name__ == "__main__":
    main()
