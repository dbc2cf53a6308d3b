"""What marimo redoes for every session that one published process can do once.

marimo's run mode reads, parses and compiles the notebook file for every page load, compiles
every cell again in the new session's kernel, and scans every installed package's entry points
for each new kernel: about 0.3 CPU-s per dashboard session before a single cell has run
(measured: ``benchmarks/bench_published.py``). These are pure functions of the code and of the
installed packages, so the published server remembers their results:

- ``PythonNotebookSerializer.deserialize`` (file text -> the notebook's cells) by the text itself;
- ``compile_cell`` (a cell's code -> its compiled ``CellImpl``) by everything it is called with.
  A ``CellImpl`` also carries per-session state (status, output, staleness), so each caller gets a
  new one built from the remembered parts, with fresh state and its own copies of the name sets;
- ``importlib.metadata.entry_points`` as marimo's entry-point registry calls it (installed
  packages do not change under a running server);
- ``mo.md``'s Markdown-to-HTML rendering by the text (one lock-guarded converter serves every
  session; the same heading is rendered once);
- the output of marimo's altair formatter by the chart object: charts are remembered by the rows
  they draw (``views.memo``), so the next viewer of the same rows gets the same object, and its
  validated, serialised spec (up to 60 ms for the load chart) is made once;
- the decoder of the session's replay copy of each kernel message (marimo builds it anew for
  each of a session's ~300 messages);
- the notebook page's file manager, by the notebook file's version (the page reads its title and
  width from it); and no recent-files list, which marimo rewrites in the config folder per session.

These are marimo internals (checked against marimo ``MARIMO_CHECKED``): :func:`install` patches
each only when its functions are still there and take the parameters the patch relies on, says in
one line at start which are on (:func:`start_line`), and ``tests/serve/test_marimo_fit.py`` and
``test_published_speed_parts.py`` fail if a marimo upgrade changes them, so the server never runs
on a silently broken cache. marimo's experimental ``isolate_apps`` would run the notebooks in other
processes, where neither these caches nor the gate's viewer are: :func:`refuse_isolated_apps`
stops the server with a clear line instead. The local app (``trainer app``) never installs them.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib
import inspect
import logging
import os
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)
MARIMO_CHECKED = "0.25.2"  # the marimo these patches were read against (pyproject.toml bounds it)
PATCHED_MODULES = ("marimo._ast.compiler", "marimo._runtime.runtime", "marimo._runtime.dataflow.graph")
ENTRY_POINTS_MODULE = "marimo._entrypoints.registry"
_SHARED = {
    "key",
    "code",
    "mod",
    "body",
    "last_expr",
    "language",
    "cell_id",
    "markdown",
    "_test",
}  # immutable, or read-only after compiling
_MAX_CELLS = 4096


def remembering_compile(compile_cell: Callable) -> Callable:
    templates: dict[tuple, object] = {}

    @functools.wraps(compile_cell)
    def compile_once(code, cell_id, source_position=None, carried_imports=None, test_rewrite=False, filename=None):
        if filename is not None and source_position is not None:
            source_position.filename = filename  # what compile_cell itself does to its argument
        key = (code, cell_id, repr(source_position), repr(carried_imports), test_rewrite, filename)
        template = templates.get(key)
        if template is None:
            template = compile_cell(
                code,
                cell_id,
                source_position=source_position,
                carried_imports=carried_imports,
                test_rewrite=test_rewrite,
                filename=filename,
            )
            if len(templates) < _MAX_CELLS:
                templates[key] = template
        return fresh_copy(template)

    compile_once.templates = templates  # type: ignore[attr-defined]
    return compile_once


def fresh_copy(cell):
    """A new CellImpl with the compiled parts of ``cell`` and its own state and name sets."""
    values = {}
    for field in dataclasses.fields(cell):
        if not field.init:
            continue
        value = getattr(cell, field.name)
        if field.name in _SHARED:
            values[field.name] = value
        elif isinstance(value, set | dict):
            values[field.name] = type(value)(value)  # name sets and maps: the kernel may add to its own
        else:
            values[field.name] = copy.deepcopy(value)  # per-session state objects (status, output, config, imports)
    return type(cell)(**values)


def remembering_deserialize(deserialize: Callable) -> Callable:
    @functools.cache
    def parsed(self_type: Any, content: str, filepath: str | None):
        return deserialize(self_type(), content, filepath=filepath)

    @functools.wraps(deserialize)
    def deserialize_once(self, content: str, filepath: str | None = None):
        return copy.deepcopy(parsed(type(self), content, filepath))  # type: ignore[arg-type]

    return deserialize_once


class RememberedFormats:
    """The altair formatter's output per chart object (held weakly: a chart nobody holds is let go)."""

    def __init__(self, size: int = 256):
        self.size = size
        self.outputs: OrderedDict[int, tuple[weakref.ref, object]] = OrderedDict()

    def format(self, formatter: Callable, chart):
        found = self.outputs.get(id(chart))
        if found is not None and found[0]() is chart:
            self.outputs.move_to_end(id(chart))
            return found[1]
        output = formatter(chart)
        try:
            self.outputs[id(chart)] = (weakref.ref(chart), output)
        except TypeError:  # not weakly referable: not remembered
            return output
        while len(self.outputs) > self.size:
            self.outputs.popitem(last=False)
        return output


def remembering_formats(get_formatter: Callable, formats: RememberedFormats) -> Callable:
    import altair

    @functools.wraps(get_formatter)
    def get_remembering_formatter(self, obj):
        formatter = get_formatter(self, obj)
        if formatter is None or not isinstance(obj, altair.TopLevelMixin):
            return formatter
        return functools.partial(formats.format, formatter)

    get_remembering_formatter.formats = formats  # type: ignore[attr-defined]
    return get_remembering_formatter


def takes(function: Callable, *names: str) -> None:
    """Raise TypeError unless ``function`` takes exactly these parameters (a patch calls it with them)."""
    found = tuple(inspect.signature(function).parameters)
    if found != names:
        raise TypeError(f"{function.__qualname__} takes ({', '.join(found)}), not ({', '.join(names)})")


def refuse_isolated_apps() -> None:
    """Stop with one line if marimo's config turns on ``isolate_apps`` (see the module's docstring)."""
    from marimo._config.manager import get_default_config_manager

    from trainer.errors import TrainerError

    if get_default_config_manager(current_path=None).experimental.get("isolate_apps", False):
        raise TrainerError(
            "marimo's experimental isolate_apps is on (a .marimo.toml or [tool.marimo] says so): it would run the "
            "notebooks in other processes, without the published server's access checks and caches; turn it off"
        )


def install() -> dict[str, bool]:
    """Patch marimo for this process: which patches are on. Each is left out (and says why in the
    log) if marimo no longer looks as it expects."""
    return {
        "notebooks parsed and compiled once": _install_compile_caches(),
        "Markdown and charts formatted once": _install_output_caches(),
        "one kernel message decoder": _install_message_decoder(),
        "notebook page built once": _install_page_caches(),
    }


def start_line(installed: dict[str, bool], front_end_files_fast: bool, uvicorn_checked: str) -> str:
    """What the server says at start: the versions, and which patches are on."""
    import marimo
    import uvicorn

    parts = [f"{name}: {'on' if on else 'OFF'}" for name, on in installed.items()]
    return (
        f"marimo {marimo.__version__} (trainer's patches checked against {MARIMO_CHECKED}): {'; '.join(parts)}. "
        f"uvicorn {uvicorn.__version__} (checked against {uvicorn_checked}): front-end files answered by the HTTP "
        f"protocol: {'on' if front_end_files_fast else 'OFF'}"
    )


def _install_compile_caches() -> bool:
    try:
        modules = [importlib.import_module(name) for name in PATCHED_MODULES]
        from marimo._session.notebook.serializer import PythonNotebookSerializer

        registry = importlib.import_module(ENTRY_POINTS_MODULE)
        if not callable(registry.entry_points):
            raise AttributeError("marimo's registry no longer reads entry_points")
        original = modules[0].compile_cell
        if getattr(original, "templates", None) is not None:
            return True  # installed already
        if any(getattr(module, "compile_cell", original) is not original for module in modules):
            raise AttributeError("compile_cell differs between marimo modules")
        takes(original, "code", "cell_id", "source_position", "carried_imports", "test_rewrite", "filename")
        takes(PythonNotebookSerializer.deserialize, "self", "content", "filepath")
        if not dataclasses.is_dataclass(original("x = 1", "probe")):
            raise TypeError("compile_cell no longer returns a dataclass")
    except (ImportError, AttributeError, TypeError, ValueError) as error:
        log.warning("marimo's notebooks are parsed per session (the compile cache does not fit this marimo: %s)", error)
        return False
    compile_once = remembering_compile(original)
    for module in modules:
        if hasattr(module, "compile_cell"):
            module.compile_cell = compile_once  # type: ignore[attr-defined]
    PythonNotebookSerializer.deserialize = remembering_deserialize(PythonNotebookSerializer.deserialize)  # type: ignore[method-assign]
    registry.entry_points = functools.cache(registry.entry_points)  # type: ignore[attr-defined]
    return True


def _install_output_caches() -> bool:
    """Markdown by text and altair outputs by chart; each only if marimo still has the function."""
    try:
        from marimo._output import formatting, md

        if getattr(formatting.FormatterRegistry.get_formatter, "formats", None) is not None:
            return True  # installed already
        takes(md._render_markdown, "text")
        takes(formatting.FormatterRegistry.get_formatter, "self", "obj")
    except (ImportError, AttributeError, TypeError, ValueError) as error:
        log.warning("Markdown and charts are formatted per session (this marimo does not fit: %s)", error)
        return False
    md._render_markdown = functools.lru_cache(maxsize=4096)(md._render_markdown)
    formatting.FormatterRegistry.get_formatter = remembering_formats(  # type: ignore[method-assign]
        formatting.FormatterRegistry.get_formatter, RememberedFormats()
    )
    return True


def _install_message_decoder() -> bool:
    """One msgspec decoder for the session's replay copy of every kernel message.

    marimo decodes each message (about 300 per dashboard session) with ``msgspec.json.decode(...,
    type=NotificationMessage)``, which rebuilds the decoder for that 50-member union every call:
    100 us a message against about 1 us for a decoder built once (msgspec decoders are thread-safe)."""
    try:
        import msgspec
        from marimo._messaging import serde
        from marimo._messaging.notification import NotificationMessage
        from marimo._session.state import session_view

        if getattr(serde.deserialize_kernel_message, "decoder", None) is not None:
            return True  # installed already
        if session_view.deserialize_kernel_message is not serde.deserialize_kernel_message:
            raise AttributeError("the session view no longer decodes with serde.deserialize_kernel_message")
        takes(serde.deserialize_kernel_message, "message")
    except (ImportError, AttributeError, TypeError, ValueError) as error:
        log.warning("kernel messages are decoded the slow way (this marimo does not fit: %s)", error)
        return False
    decoder = msgspec.json.Decoder(NotificationMessage, strict=True)

    @functools.wraps(serde.deserialize_kernel_message)
    def deserialize_kernel_message(message):
        return decoder.decode(message)

    deserialize_kernel_message.decoder = decoder  # type: ignore[attr-defined]
    serde.deserialize_kernel_message = session_view.deserialize_kernel_message = deserialize_kernel_message
    return True


def remembering_app_manager(app_manager: Callable, size: int = 64) -> Callable:
    """``SessionManager.app_manager`` once per notebook file version (path, mtime, size).

    Its callers (the notebook page, marimo's public files) only read the notebook's config and
    file name from it; building it re-reads the notebook and copies every cell, about 9 ms of each
    page load. Sessions build their own (``workspace.load``), untouched by this."""
    remembered: OrderedDict[tuple, object] = OrderedDict()

    @functools.wraps(app_manager)
    def app_manager_once(self, key):
        try:
            stat = os.stat(key)
        except (OSError, TypeError, ValueError):  # not a file (a new notebook, an odd key): as marimo does it
            return app_manager(self, key)
        mark = (id(self), key, stat.st_mtime_ns, stat.st_size)
        found = remembered.get(mark)
        if found is None:
            found = remembered[mark] = app_manager(self, key)
            while len(remembered) > size:
                remembered.popitem(last=False)
        return found

    app_manager_once.remembered = remembered  # type: ignore[attr-defined]
    return app_manager_once


def _install_page_caches() -> bool:
    """The notebook page's file manager once per file version; no recent-files list (the published
    server keeps none: marimo would rewrite a file in the config folder for every session)."""
    try:
        from marimo._server.recents import RecentFilesManager
        from marimo._server.session_manager import SessionManager

        if getattr(SessionManager.app_manager, "remembered", None) is not None:
            return True  # installed already
        takes(SessionManager.app_manager, "self", "key")
        takes(RecentFilesManager.touch, "self", "filename")
    except (ImportError, AttributeError, TypeError, ValueError) as error:
        log.warning("the notebook page is built the slow way (this marimo does not fit: %s)", error)
        return False
    SessionManager.app_manager = remembering_app_manager(SessionManager.app_manager)  # type: ignore[method-assign]
    RecentFilesManager.touch = lambda self, filename: None  # type: ignore[method-assign]
    return True
