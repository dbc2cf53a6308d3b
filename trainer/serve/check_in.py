"""The check-in page (``<base>/check-in``): an athlete tells trainer how they feel in a few taps.

Plain server-rendered HTML (it paints at once on a phone, first visit included), and the only
write a published server makes, and only when it was started with ``--check-ins``: one
transaction per submission through ``ingest.check_in``. The grant decides: an athlete's link
writes that athlete's check-in and nothing else; a coach's or a researcher's link writes nothing.
Every state-changing request carries the session's CSRF token (an HMAC of the session id with the
site key), and the gate has already checked that it came from a page of this site.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from html import escape

from trainer.access.viewer import Viewer
from trainer.ingest.check_in import (
    BODY_PARTS,
    ITEM_LABELS,
    READINESS_LABEL,
    SEVERITIES,
    SEVERITY_WORDS,
    Answers,
    answers_from,
)
from trainer.serve.pages import layout

MAX_BODY = 8 * 1024  # a check-in is well under 1 KB
SUBMISSIONS_PER_LINK = 30  # check-ins (or notes) one link may send an hour, counted in the database


def csrf_token(key: bytes, session_id: str) -> str:
    return hmac.new(key, b"check-in:" + session_id.encode(), hashlib.sha256).hexdigest()


def csrf_matches(key: bytes, session_id: str, sent: str) -> bool:
    return hmac.compare_digest(csrf_token(key, session_id), sent)


def answers_from_form(form: dict[str, str]) -> Answers:
    """The form's fields as answers (``ingest.check_in.answers_from``); a field that is not a number
    is a ValueError (refused in words)."""
    return answers_from(form)


def _scale(
    name: str, low: int, high: int, question: str, low_words: str, high_words: str, chosen: float | None = None
) -> str:
    options = "".join(
        f'<label class="tap"><input type="radio" name="{name}" value="{v}"{_checked(chosen == v)}>'
        f"<span>{v}</span></label>"
        for v in range(low, high + 1)
    )
    return (
        f'<fieldset class="scale"><legend>{escape(question)}</legend><div class="taps">{options}</div>'
        f'<p class="ends muted"><span>{low} = {escape(low_words)}</span><span>{high} = {escape(high_words)}</span></p>'
        f"</fieldset>"
    )


def _checked(yes: bool, word: str = "checked") -> str:
    return f" {word}" if yes else ""


def check_in_page(
    root: str,
    viewer: Viewer,
    athlete: str,
    day: date,
    token: str,
    *,
    still: dict[str, object],
    message: str = "",
    saved: bool = False,
    earlier: dict | None = None,
    earlier_at: str | None = None,
) -> str:
    """The form: readiness first (the one answer that matters most), then the 1-5 items, then
    illness, injury and a note. ``still`` holds an illness or injury that is still open, which the
    page asks about instead of assuming. ``earlier``: this morning's standing check-in (sent at
    ``earlier_at``, the athlete's local time): the form opens with its answers, so a correction
    changes only what the athlete changes (their note to the coach stays unless they delete it)."""
    status = f'<p class="status" role="status">{escape(message)}</p>' if message else ""
    if saved:
        body = (
            f"<h1>Thank you</h1>{status}"
            f'<p><a href="{root}/athlete/">See today\'s advice</a> · '
            f'<a href="{root}/check-in">Change my answers</a></p>'
        )
        return layout(root, "Checked in", body, signed_in=True)
    was = earlier or {}
    items = "".join(_scale(name, 1, 5, *words, chosen=was.get(name)) for name, words in ITEM_LABELS.items())
    ill_question = "Still ill?" if still.get("illness") else "I feel ill"
    injury_question = (
        f"Still hurting ({escape(str(still['injury']))})?" if still.get("injury") else "I have an injury or pain"
    )
    parts = "".join(
        f'<option value="{p}"{_checked(was.get("injury_part") == p, "selected")}>{p}</option>' for p in BODY_PARTS
    )
    severities = "".join(
        f'<label class="tap wide"><input type="radio" name="injury_severity" value="{s}"'
        f"{_checked(was.get('injury_severity') == s)}><span>{words}</span></label>"
        for s, words in zip(SEVERITIES, SEVERITY_WORDS)
    )
    since = was.get("injury_since")
    since_value = f' value="{since.isoformat()}"' if since else ""
    ill, injured = _checked(bool(was.get("ill"))), _checked(bool(was.get("injured")))
    again = (
        f'<p class="status" role="status">You checked in at {escape(earlier_at or "")}: change anything and send it '
        "again (your earlier answers stay on record).</p>"
        if earlier
        else ""
    )
    body = f"""<h1>Good morning, {escape(athlete)}</h1>
<p class="muted">{day:%A %d %B}: answer before you look at your score. 5 is always the best.</p>{again}{status}
<form method="post" action="{root}/check-in" class="check-in">
<input type="hidden" name="csrf" value="{token}"><input type="hidden" name="date" value="{day.isoformat()}">
{_scale("readiness", 0, 10, *READINESS_LABEL, was.get("readiness"))}
{items}
<fieldset><legend>Health</legend>
<label class="check"><input type="checkbox" name="ill" value="yes"{ill}> {ill_question}</label>
<label class="check"><input type="checkbox" name="injured" value="yes"{injured}> {injury_question}</label>
<label for="injury_part">Where</label>
<select id="injury_part" name="injury_part"><option value="">choose</option>{parts}</select>
<div class="taps" role="group" aria-label="How bad">{severities}</div>
<label for="injury_since">Since</label>
<input id="injury_since" type="date" name="injury_since" max="{day.isoformat()}"{since_value}>
</fieldset>
<label for="note">A note to your coach (optional)</label>
<textarea id="note" name="note" maxlength="500" rows="3">{escape(was.get("note") or "")}</textarea>
<button type="submit" class="send">Send my check-in</button>
</form>"""
    return layout(root, "Check in", body, signed_in=True)


def coach_note_page(
    root: str,
    athlete: str,
    day: date,
    token: str,
    message: str = "",
    saved: bool = False,
    earlier: list[dict] | None = None,
) -> str:
    """A coach's note on an athlete's day: private to coaches unless shown to the athlete. ``earlier``:
    the notes coaches already wrote on that day (so a second coach sees the first one's)."""
    status = f'<p class="status" role="status">{escape(message)}</p>' if message else ""
    if saved:
        return layout(
            root,
            "Note saved",
            f'<h1>Note saved</h1>{status}<p><a href="{root}/squad/">Back to the squad</a></p>',
            signed_in=True,
        )
    written = "".join(
        f"<li><b>{escape(n['author'])}</b>: {escape(n['text'])}"
        f"{' (shown to them)' if n['shown_to_athlete'] else ' (coaches only)'}</li>"
        for n in earlier or []
    )
    already = f"<h2>Notes on this day</h2><ul class='notes'>{written}</ul>" if written else ""
    body = f"""<h1>A note for {escape(athlete)}</h1><p class="muted">{day:%A %d %B %Y}</p>{status}{already}
<form method="post" action="{root}/note" class="check-in">
<input type="hidden" name="csrf" value="{token}"><input type="hidden" name="athlete" value="{escape(athlete)}">
<input type="hidden" name="date" value="{day.isoformat()}">
<label for="text">Your note</label><textarea id="text" name="text" maxlength="500" rows="4" required></textarea>
<label class="check"><input type="checkbox" name="shown" value="yes"> Show it to {escape(athlete)} on their day</label>
<button type="submit" class="send">Save the note</button>
</form>"""
    return layout(root, "Coach's note", body, signed_in=True)
