"""The parts that make a published session cheap: front-end files from memory, notebooks compiled
once per process, charts remembered by their rows. Each must give what the slow path gives."""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor

import polars as pl
import pytest


def asgi_get(files, name: str, method: str = "GET", encoding: bytes = b"gzip, br"):
    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "headers": [(b"accept-encoding", encoding)]}
    with ThreadPoolExecutor(1) as thread:  # its own event loop: the browser tests leave one running in this thread
        answered = thread.submit(asyncio.run, files.send(scope, send, name)).result()
    return answered, sent


def test_front_end_files_are_gzipped_once_and_cached_for_good(tmp_path):
    from trainer.serve.assets import FrontEndFiles

    (tmp_path / "cells-AbC123.js").write_text("const x = 1;\n" * 500)
    (tmp_path / "font-X.woff2").write_bytes(b"\x00\x01" * 900)
    files = FrontEndFiles(tmp_path)
    answered, sent = asgi_get(files, "cells-AbC123.js")
    headers = dict(sent[0]["headers"])
    assert answered and sent[0]["status"] == 200
    assert (
        headers[b"cache-control"] == b"public, max-age=31536000, immutable" and headers[b"content-encoding"] == b"gzip"
    )
    assert headers[b"content-type"].startswith(b"text/javascript") or headers[b"content-type"].startswith(
        b"application/javascript"
    )
    assert gzip.decompress(sent[1]["body"]) == (tmp_path / "cells-AbC123.js").read_bytes()
    assert int(headers[b"content-length"]) == len(sent[1]["body"]) < 6500 / 5
    _, plain = asgi_get(files, "cells-AbC123.js", encoding=b"identity")
    assert plain[1]["body"] == (tmp_path / "cells-AbC123.js").read_bytes() and b"content-encoding" not in dict(
        plain[0]["headers"]
    )
    _, font = asgi_get(files, "font-X.woff2")
    assert b"content-encoding" not in dict(font[0]["headers"])  # already compressed: sent as it is
    _, head = asgi_get(files, "cells-AbC123.js", method="HEAD")
    assert head[1]["body"] == b"" and int(dict(head[0]["headers"])[b"content-length"]) > 0


@pytest.mark.parametrize("name", ["../secret.txt", "missing.js", "a\x00b.js", "x" * 5000, ""])
def test_front_end_files_leave_anything_else_to_marimo(tmp_path, name):
    from trainer.serve.assets import FrontEndFiles

    (tmp_path / "assets").mkdir()
    (tmp_path / "secret.txt").write_text("not yours")
    answered, sent = asgi_get(FrontEndFiles(tmp_path / "assets"), name)
    assert not answered and sent == []


def test_marimos_own_assets_are_found():
    from trainer.serve.assets import ASSETS, FrontEndFiles

    some = next(p for p in ASSETS.iterdir() if p.suffix == ".js")
    answered, sent = asgi_get(FrontEndFiles(), some.name)
    assert answered and gzip.decompress(sent[1]["body"]) == some.read_bytes()


def test_the_compile_cache_gives_what_marimo_gives_and_fresh_state_each_time():
    from marimo._ast import compiler
    from marimo._ast.load import load_app

    from trainer.serve import marimo_once
    from trainer.settings import PROJECT_ROOT

    plain = load_app(PROJECT_ROOT / "notebooks" / "dashboard.py")
    assert all(marimo_once.install().values()), (
        "marimo's internals changed: trainer/serve/marimo_once.py no longer fits (sessions would be slow)"
    )
    assert all(marimo_once.install().values())  # twice is harmless
    cached_once, cached_twice = (load_app(PROJECT_ROOT / "notebooks" / "dashboard.py") for _ in range(2))
    for app in (cached_once, cached_twice):
        ours = list(app._cell_manager.cell_data())
        assert [c.code for c in ours] == [c.code for c in plain._cell_manager.cell_data()]
        assert [c.cell.defs if c.cell else None for c in ours] == [
            c.cell.defs if c.cell else None for c in plain._cell_manager.cell_data()
        ]
    first = compiler.compile_cell("y = x + 1\ny", "c1")
    second = compiler.compile_cell("y = x + 1\ny", "c1")
    assert first is not second and first.body is second.body  # compiled once ...
    first.defs.add("z")
    first._status.state = "running"
    assert "z" not in second.defs and second._status.state != "running"  # ... state never shared
    assert compiler.compile_cell("y = x + 2\ny", "c1").body is not first.body


def test_remembered_charts_follow_their_rows():
    from trainer.views.memo import remembered

    calls = []

    @remembered(size=2)
    def chart(frame: pl.DataFrame, title: str) -> str:
        calls.append(title)
        return f"{title}:{frame['x'].sum()}"

    a, b = pl.DataFrame({"x": [1, 2]}), pl.DataFrame({"x": [1, 3]})
    assert chart(a, "t") == "t:3" and chart(pl.DataFrame({"x": [1, 2]}), "t") == "t:3" and calls == ["t"]
    assert chart(b, "t") == "t:4" and chart(a, "u") == "u:3" and len(calls) == 3  # other rows, other words: drawn anew
    chart(pl.DataFrame({"x": [9]}), "t")
    chart(b, "t")  # pushed out by the size limit
    assert len(calls) == 5


def test_deploy_config_is_what_trainer_generates():
    from trainer.serve.nginx import DEFAULT_WORKER_PORT, PROXY_PARAMS, site_config
    from trainer.settings import PROJECT_ROOT

    assert (PROJECT_ROOT / "deploy" / "nginx.conf").read_text() == site_config(
        [DEFAULT_WORKER_PORT, DEFAULT_WORKER_PORT + 1], "80"
    )
    assert (PROJECT_ROOT / "deploy" / "trainer_proxy_params").read_text() == PROXY_PARAMS


def test_workers_need_publish():
    from tests.conftest import run_trainer

    done = run_trainer("app", "--workers", "2", "--headless")
    assert done.returncode == 2 and "--workers" in done.stderr and "Traceback" not in done.stderr


def test_markdown_and_chart_outputs_are_made_once_and_match_marimos():
    import altair as alt
    from marimo._output import formatting, md
    from marimo._output.formatters.formatters import register_formatters

    from trainer.serve import marimo_once

    register_formatters()
    chart = alt.Chart(pl.DataFrame({"x": [1, 2, 3], "y": [4.0, 5.0, 6.0]})).mark_line().encode(x="x:Q", y="y:Q")
    plain_chart = formatting.FORMATTERS.get_formatter(chart)(chart)
    plain_md = md._render_markdown("## Ana, *Monday*")
    assert all(marimo_once.install().values())
    remembering = formatting.FormatterRegistry.get_formatter
    assert getattr(remembering, "formats", None) is not None, (
        "marimo's formatter registry changed: charts are formatted per session"
    )
    calls = []
    formats = marimo_once.RememberedFormats()
    counting = lambda obj: calls.append(obj) or formatting.FORMATTERS.get_formatter(obj)(obj)  # noqa: E731
    assert formats.format(counting, chart) == plain_chart == formats.format(counting, chart)
    assert len(calls) == 1  # the second viewer of the same chart object gets the same output
    other = chart.properties(title="Another chart")
    assert formats.format(counting, other) != plain_chart and len(calls) == 2
    assert formatting.FORMATTERS.get_formatter(chart)(chart) == plain_chart  # installed: still marimo's output
    assert md._render_markdown("## Ana, *Monday*") == plain_md and md._render_markdown.cache_info().hits >= 1
    import gc

    other_id = id(other)
    calls.clear()
    del other
    gc.collect()
    assert (
        formats.outputs[other_id][0]() is None and formats.outputs[id(chart)][0]() is chart
    )  # held weakly: a chart nobody holds goes


def test_kernel_messages_decode_as_marimo_decodes_them():
    import msgspec
    from marimo._messaging import serde
    from marimo._messaging.notification import (
        CellNotification,
        CompletedRunNotification,
    )
    from marimo._session.state import session_view

    from trainer.serve import marimo_once

    messages = [
        serde.serialize_kernel_message(CellNotification(cell_id="Hbol", status="running", timestamp=1.5)),
        serde.serialize_kernel_message(CompletedRunNotification()),
    ]
    plain = [serde.deserialize_kernel_message(m) for m in messages]
    assert all(marimo_once.install().values())
    assert session_view.deserialize_kernel_message is serde.deserialize_kernel_message
    assert getattr(serde.deserialize_kernel_message, "__wrapped__", None) is not None, (
        "the session view decodes messages the slow way"
    )
    assert [serde.deserialize_kernel_message(m) for m in messages] == plain
    with pytest.raises(msgspec.ValidationError):  # a message marimo refuses is still refused
        serde.deserialize_kernel_message(b'{"op": "no-such-op"}')


def test_the_pages_file_manager_is_built_once_per_version_of_the_notebook(tmp_path):
    from marimo._server.recents import RecentFilesManager
    from marimo._server.session_manager import SessionManager

    from trainer.serve import marimo_once

    assert all(marimo_once.install().values())
    assert getattr(SessionManager.app_manager, "remembered", None) is not None, (
        "the notebook page rebuilds its file manager per load"
    )
    notebook = tmp_path / "nb.py"
    notebook.write_text("import marimo\napp = marimo.App()\n")
    built = []
    app_manager = marimo_once.remembering_app_manager(lambda self, key: built.append(key) or object(), size=2)
    manager = object()
    one = app_manager(manager, str(notebook))
    assert app_manager(manager, str(notebook)) is one and built == [str(notebook)]
    notebook.write_text("import marimo\napp = marimo.App(width='full')\n")  # a new version of the file: built again
    assert app_manager(manager, str(notebook)) is not one and len(built) == 2
    assert app_manager(manager, "__new__") is not app_manager(
        manager, "__new__"
    )  # not a file: as marimo does it, every time
    recents = RecentFilesManager()
    before = recents.config.filepath.read_bytes() if recents.config.filepath.exists() else None
    recents.touch(str(notebook))  # the published server keeps no recent-files list
    assert (recents.config.filepath.read_bytes() if recents.config.filepath.exists() else None) == before


def test_marimos_page_paints_before_its_script_styles_and_modules_are_asked_for():
    import re

    from trainer.serve.assets import ASSETS
    from trainer.serve.gate import painted_first

    page = (ASSETS.parent / "index.html").read_bytes()
    modules = re.findall(rb'<link rel="modulepreload" crossorigin href="([^"]+)">', page)
    assert len(modules) > 100, (
        "marimo's page no longer preloads its modules this way: gate.painted_first does not fit it"
    )
    painted = painted_first(page)
    assert (
        b'rel="modulepreload"' not in painted.split(b"<script>(function(){var started")[0]
    )  # nothing holds the first paint ...
    assert not re.search(rb'<script type="module"[^>]*src=', painted)
    assert all(
        b'media="print" data-after-paint' in tag for tag in re.findall(rb'<link rel="stylesheet"[^>]*>', painted)
    )
    script = painted.split(b"<script>(function(){var started")[1]
    assert all(
        b'"' + href + b'"' in script for href in modules
    )  # ... and every module is still asked for, before the entry script
    assert script.index(b'l.rel="modulepreload"') < script.index(b's.type="module"')
    assert painted_first(b"<html><body>no marimo here</body></html>") == b"<html><body>no marimo here</body></html>"
