"""The strip at the top of a page: on a published page who is signed in, a way home and signing
out; in the local app, trainer's three pages (so no link leads out of trainer)."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from trainer.access.viewer import Viewer
from trainer.day.clock import local_now, local_today

ROLE_WORDS = {"athlete": "athlete", "coach": "coach", "researcher": "researcher"}


LOCAL_PAGES = (("dashboard.py", "Dashboard"), ("squad.py", "Squad"), ("research.py", "Research"))


def checked_in_at(reader, viewer: Viewer, now: datetime) -> str | None:
    """'09:50' when the signed-in athlete has checked in on their own today (their local time), else None."""
    if reader is None or viewer.role != "athlete" or viewer.athlete_ids is None or len(viewer.athlete_ids) != 1:
        return None
    athlete = reader.athlete(next(iter(viewer.athlete_ids)))
    standing = reader.check_in(athlete.id, local_today(athlete.time_zone, now))
    if standing is None:
        return None
    sent = standing["submitted_at"]
    return f"{local_now(athlete.time_zone, sent if sent.tzinfo else sent.replace(tzinfo=UTC)):%H:%M}"


def signed_in_bar(
    viewer: Viewer, check_ins: bool = False, published: bool = True, checked_in: str | None = None
) -> str:
    """Published pages sit one level below home; with ``check_ins`` (the server takes them) an
    athlete also gets the way to the check-in, or "Checked in 09:50" once they have (``checked_in``,
    still a way to change the answers). The local app (one person, never signed in) gets its pages
    instead of marimo's gallery."""
    if not published:
        links = " · ".join(f"<a href='?file={file}'>{name}</a>" for file, name in LOCAL_PAGES)
        return (
            "<div class='trainer-signed-in' style='border-bottom:1px solid #dfe3ea;padding:4px 48px 8px 0;"
            f"margin-bottom:4px'><strong style='color:#2f6f4f'>trainer</strong> · {links}</div>"
        )
    if viewer.grant_id is None:
        return ""
    words = f"Checked in {escape(checked_in)}" if checked_in else "<strong>Check in</strong>"
    check_in = f" · <a href='../check-in'>{words}</a>" if check_ins and viewer.role == "athlete" else ""
    return (
        f"<div class='trainer-signed-in' style='display:flex;flex-wrap:wrap;gap:8px "
        f"16px;align-items:center;justify-content:space-between;border-bottom:1px solid #dfe3ea;padding:4px 48px 8px "
        f"0;margin-bottom:4px'><span><strong style='color:#2f6f4f'>trainer</strong> · {escape(viewer.person)} "
        f"({ROLE_WORDS.get(viewer.role, viewer.role)}) · <a href='../'>Home</a>{check_in}</span><form method='post' "
        f"action='../logout' style='margin:0'><button type='submit' style='border:1px solid "
        f"#888;border-radius:6px;background:#fff;padding:4px 10px;cursor:pointer'>Sign out</button></form></div>"
    )
