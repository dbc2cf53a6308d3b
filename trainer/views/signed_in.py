"""The strip at the top of a page: on a published page who is signed in, a way home and signing
out; in the local app, trainer's three pages (so no link leads out of trainer)."""

from __future__ import annotations

from html import escape

from trainer.access.viewer import Viewer

ROLE_WORDS = {"athlete": "athlete", "coach": "coach", "researcher": "researcher"}


LOCAL_PAGES = (("dashboard.py", "Dashboard"), ("squad.py", "Squad"), ("research.py", "Research"))


def signed_in_bar(viewer: Viewer, check_ins: bool = False, published: bool = True) -> str:
    """Published pages sit one level below home; with ``check_ins`` (the server takes them) an
    athlete also gets the way to the check-in. The local app (one person, never signed in) gets
    its pages instead of marimo's gallery."""
    if not published:
        links = " · ".join(f"<a href='?file={file}'>{name}</a>" for file, name in LOCAL_PAGES)
        return (
            "<div class='trainer-signed-in' style='border-bottom:1px solid #dfe3ea;padding:4px 48px 8px 0;"
            f"margin-bottom:4px'><strong style='color:#2f6f4f'>trainer</strong> · {links}</div>"
        )
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
