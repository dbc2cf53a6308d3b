"""Signing a browser in the way a person does: by opening their private link."""

from __future__ import annotations

import re

from playwright.sync_api import Page

SIGN_IN_MS = 30_000


def sign_in(page: Page, site, person: str) -> None:
    """Open the person's link and wait until the login page has sent them on."""
    page.goto(f"{site.url}/login#{site.links[person]}")
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"), timeout=SIGN_IN_MS)
