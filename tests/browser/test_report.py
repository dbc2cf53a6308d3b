"""The validation report opens in a real browser with nothing to run: no console errors, no
request leaves the file, figures drawn, readable at 390 px."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.conftest import run_trainer
from trainer.ingest.pmdata import import_pmdata
from trainer.store.database import open_database

PMDATA = Path(__file__).resolve().parents[1] / "fixtures" / "pmdata"


def test_the_report_directory_opens_with_no_console_errors(page: Page, tmp_path, artifacts):
    url = f"sqlite:///{tmp_path / 'pm.db'}"
    import_pmdata(open_database(url), PMDATA)
    result = run_trainer(
        "validate", "--db", url, "--athletes", "pmdata-p01,pmdata-p02,pmdata-p03", "--report", str(tmp_path / "report")
    )
    assert result.returncode == 0, result.stderr
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: problems.append(request.url) if not request.url.startswith("file://") else None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((tmp_path / "report" / "index.html").as_uri())
    page.screenshot(path=artifacts / "validation-report-phone.png", full_page=True)
    assert problems == []
    assert page.locator("figure svg").count() == 4
    assert page.locator("figure svg").first.bounding_box()["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows a phone
    assert "Only 3 athletes" in page.locator(".warning").inner_text()  # the few-athletes warning is visible
    assert "tracks readiness best" in page.locator(".verdict").inner_text()
