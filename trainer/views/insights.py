"""The insights panel: each insight with its source and date; never an exception in the app."""

from __future__ import annotations

import html
import logging
from datetime import date

from trainer.insights.service import InsightsResult, insights_for
from trainer.settings import Settings
from trainer.store.database import Database
from trainer.store.models import Athlete

log = logging.getLogger(__name__)
SOURCE_LABEL = {"claude": "written by Claude", "rules": "written by trainer's rules"}
KIND_WORDS = {  # what each kind of insight is, in an athlete's words
    "overtraining_warning": "a warning about load",
    "recovery_pattern": "a pattern in your recovery",
    "workout_effectiveness": "how your training is working",
    "frequency_recommendation": "your week",
}


def insights_for_app(
    db: Database, athlete: Athlete, on: date, settings: Settings, fresh: bool = False
) -> InsightsResult | str:
    """The fallback chain, or a sentence saying why there are none (the app shows it instead)."""
    try:
        return insights_for(db, athlete, on, settings, fresh=fresh)
    except Exception as exc:  # the app must never show a traceback; the type is enough to debug by
        log.warning("insights failed for athlete %s: %s", athlete.id, type(exc).__name__)
        return f"No insights right now ({type(exc).__name__}); the rest of the dashboard is unaffected."


PUBLIC_NOTES = {
    "rules": "Written by trainer's rules from your recent data.",
    "claude": "Written by Claude from your recent data.",
    "cache": "Written earlier from your recent data.",
}


def insights_html(result: InsightsResult | str, setup_notes: bool = True) -> str:
    """The insights as cards. ``setup_notes`` False (the published app): no word about API keys or
    commands, which only the person who runs trainer can act on."""
    if isinstance(result, str):
        return (
            f"<p class='trainer-insights-note'>{html.escape(result if setup_notes else 'No insights right now.')}</p>"
        )
    cards = []
    for i in result.insights:
        kind = html.escape(KIND_WORDS.get(i.type, "an insight"))
        actions = "".join(f"<li>{html.escape(a)}</li>" for a in i.action_items)
        cards.append(
            f"<div class='trainer-insight' style='border-left:4px solid #888;padding:4px 10px;margin:8px "
            f"0'><strong>{html.escape(i.title)}</strong> <small>({kind})</small><p "
            f"style='margin:4px 0'>{html.escape(i.content)}</p><ul style='margin:0'>{actions}</ul><small "
            f"class='trainer-insight-source'>{SOURCE_LABEL[i.source]}"
            f"{' (' + html.escape(i.model) + ')' if i.model else ''}, "
            f"{i.generated_at:%Y-%m-%d}; valid until {i.valid_until:%Y-%m-%d}</small></div>"
        )
    note = result.note if setup_notes else PUBLIC_NOTES.get(result.source, "")
    return f"<p><small>{html.escape(note)}</small></p>" + "".join(cards)
