"""The strip at the top of a published page: who is signed in, a way home, and signing out."""

from __future__ import annotations

from html import escape

from trainer.access.viewer import Viewer

ROLE_WORDS = {"athlete": "athlete", "coach": "coach", "researcher": "researcher"}


def signed_in_bar(viewer: Viewer, check_ins: bool = False) -> str:
    """Empty for the local app (its one person never signs in); pages sit one level below home.
    With ``check_ins`` (the server takes them) an athlete also gets the way to the check-in."""
    if viewer.grant_id is None:
        return ""
    check_in = (
        " · <a href='../check-in'><strong>Check in</strong></a>" if check_ins and viewer.role == "athlete" else ""
    )
    return (
        f"<div class='trainer-signed-in' style='display:flex;flex-wrap:wrap;gap:8px "
        f"16px;align-items:center;justify-content:space-between;border-bottom:1px solid #dfe3ea;padding:4px 48px 8px "
        f"0;margin-bottom:4px'><span><strong style='color:#2f6f4f'>trainer</strong> · {escape(viewer.person)} "
        f"({ROLE_WORDS.get(viewer.role, viewer.role)}) · <a href='../'>Home</a>{check_in}</span><form method='post' "
        f"action='../logout' style='margin:0'><button type='submit' style='border:1px solid "
        f"#888;border-radius:6px;background:#fff;padding:4px 10px;cursor:pointer'>Sign out</button></form></div>"
    )
