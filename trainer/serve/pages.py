"""trainer's own pages: the front door, the login page and plain refusals (no marimo, no JS but login's).

Every page is small, works at 390 px wide, and links only to what the viewer may open.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from trainer.access.viewer import Viewer

ROLE_WORDS = {"owner": "everything (no sign-in)", "athlete": "athlete", "coach": "coach", "researcher": "researcher"}
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def layout(root: str, title: str, body: str, *, signed_in: bool = False, script: str | None = None) -> str:
    sign_out = (
        f'<form method="post" action="{root}/logout"><button type="submit">Sign out</button></form>'
        if signed_in
        else ""
    )
    script_tag = f'<script src="{root}/static/{script}" defer></script>' if script else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{escape(title)} · trainer</title>
<link rel="stylesheet" href="{root}/static/trainer.css">{script_tag}</head>
<body><header><span class="brand">trainer</span>{sign_out}</header><main>{body}</main></body></html>"""


def front_door(root: str, viewer: Viewer, athletes: list[tuple[int, str]], today: dict[int, dict] | None = None) -> str:
    """What this person may open: the squad and their athletes' dashboards, or the research
    notebook. With ``today`` (a coach's athletes' status and what needs a look) the athletes who
    need a look come first, each saying why."""
    doors = []
    if viewer.may_open("squad"):
        doors.append(
            _door(
                f"{root}/squad/",
                "Squad",
                "Your athletes' recovery today, trends and flags, and what a change of settings would alter.",
            )
        )
    if viewer.may_open("research"):
        doors.append(
            _door(
                f"{root}/research/",
                "Research",
                "Does the score track how ready athletes feel? Athletes appear under pseudonyms.",
            )
        )
    if viewer.may_open("athlete"):
        today = today or {}
        ordered = sorted(athletes, key=lambda athlete: (today.get(athlete[0], {}).get("rank", 1), athlete[1]))
        for athlete_id, name in ordered:
            known = today.get(athlete_id)
            text = "Today's recovery, the session to do and why, history and plan."
            if known:
                score = f" {known['score']}" if known["score"] is not None else ""
                text = f"{known['status']}{score}" + (f" · needs a look: {known['why']}" if known["why"] else "")
            doors.append(_door(f"{root}/athlete/?athlete={quote(name)}", name, text))
    empty = "" if doors else "<p>There is nothing for you to open yet: ask the person who runs trainer.</p>"
    body = (
        f'<h1>Hello, {escape(viewer.person)}</h1><p class="muted">Signed in as {ROLE_WORDS[viewer.role]}.</p>'
        f'<ul class="doors">{"".join(doors)}</ul>{empty}'
    )
    return layout(root, "Home", body, signed_in=viewer.role != "owner" or viewer.grant_id is not None)


def _door(href: str, title: str, text: str) -> str:
    return (
        f'<li><a href="{escape(href)}"><strong>{escape(title)}</strong>'
        f'<span class="muted">{escape(text)}</span></a></li>'
    )


def signed_out(root: str, note: str = "") -> str:
    body = (
        "<h1>Welcome to trainer</h1>"
        + (f'<p class="status">{escape(note)}</p>' if note else "")
        + "<p>To see your recovery and training, open the private link you were sent. "
        "It signs you in on this device.</p>"
        '<p class="muted">No link, or it stopped working? Ask the person who runs trainer for a new one.</p>'
    )
    return layout(root, "Sign in", body)


def login(root: str) -> str:
    body = (
        '<h1>Signing you in…</h1><p class="status" id="status" role="status">One moment.</p>'
        "<noscript><p>Signing in needs JavaScript: turn it on for this site, then open your link again.</p></noscript>"
    )
    return layout(root, "Signing in", body, script="login.js")


def refusal(root: str, title: str, text: str) -> str:
    return layout(
        root, title, f'<h1>{escape(title)}</h1><p>{escape(text)}</p><p><a href="{root}/">Go to your home page</a></p>'
    )
