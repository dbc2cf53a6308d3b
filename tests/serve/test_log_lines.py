"""Malformed kernel calls and unknown chart files cost the published server's log one line each,
never a traceback (anyone signed in could otherwise flood it)."""

from __future__ import annotations

import logging

import httpx

from trainer.log_lines import OneLine


def test_a_logged_exception_becomes_one_line():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Exception in %s", ("ASGI application",), None)
    try:
        raise ValueError("bad body\nsecond line")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    assert OneLine().filter(record)
    assert record.getMessage() == "Exception in ASGI application (ValueError: bad body)" and record.exc_info is None


def test_the_published_server_logs_malformed_calls_in_one_line_each(demo_sqlite_template, tmp_path):
    from tests.servers import start_published_site, stop_server

    db_path = tmp_path / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    site = start_published_site(db_path, tmp_path)
    asked = 0
    try:
        browser = httpx.Client(base_url=site.url, timeout=30)
        assert browser.post("/login", data={"secret": site.links["carla"]}).status_code == 200
        for body in (b"{", b'{"object_ids": 5}', b"[]", b"\xff\xfe"):
            for call in ("set_ui_element_value", "function_call", "set_model_value"):
                try:
                    browser.post(
                        f"/athlete/api/kernel/{call}",
                        content=body,
                        headers={"marimo-session-id": "s_flood", "content-type": "application/json"},
                    )
                except httpx.TransportError:
                    pass
                asked += 1
        for n in range(5):
            try:
                browser.get(f"/athlete/@file/{n}-missing.json")
            except httpx.TransportError:
                pass
            asked += 1
    finally:
        output = stop_server(site)
    assert "Traceback" not in output and 'File "' not in output
    assert len(output.splitlines()) <= asked + 5
