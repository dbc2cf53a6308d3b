"""A study's report as one self-contained page and its JSON, to hand to a colleague."""

from __future__ import annotations

from html import escape
from pathlib import Path

from trainer.research.study import report_lines

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:1rem auto;padding:0 1rem}}
.interim{{border:2px solid #e6a100;padding:.5rem}} pre{{white-space:pre-wrap}}</style></head><body>
<h1>{title}</h1>{banner}<ul>{lines}</ul><h2>The frozen analysis plan</h2><pre>{plan}</pre></body></html>"""


def write_study_page(directory: Path, result: dict) -> Path:
    from trainer.research.report import to_json

    directory.mkdir(parents=True, exist_ok=True)
    (directory / "result.json").write_text(to_json(result))
    banner = (
        f"<p class='interim'><strong>Interim</strong>: day {result['day']} of {result['of_days']}; this is not the "
        "planned answer.</p>"
        if result["interim"]
        else ""
    )
    page = PAGE.format(
        title=escape(f"Study {result['name']}"),
        banner=banner,
        lines="".join(f"<li>{escape(line)}</li>" for line in report_lines(result)),
        plan=escape(to_json(result["plan"])),
    )
    path = directory / "index.html"
    path.write_text(page)
    return path
