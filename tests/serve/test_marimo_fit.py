"""Whether trainer's patches of marimo and uvicorn fit the installed versions: after `make lock`,
these say at once if an upgrade moved what the published server relies on.

Each runs in its own process (the patches are for a whole process)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.servers import start_published_site, stop_server


def run_python(code: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_every_patch_fits_the_locked_marimo_and_uvicorn():
    done = run_python("""
        from trainer.serve import marimo_once
        from trainer.serve.assets import front_end_files
        from trainer.serve.fast_assets import protocol_for
        print(sorted(marimo_once.install().items()), protocol_for(front_end_files()) is not None)
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("] ")[1].strip() == "True" and "False" not in done.stdout, done.stdout


def test_a_changed_signature_leaves_that_patch_out_and_says_why():
    """A new keyword in compile_cell: the compile cache stays off (pages work, slower), not a
    failure at run time; the other patches still go in."""
    done = run_python("""
        import logging
        logging.basicConfig(level=logging.WARNING, format="%(message)s")
        from marimo._ast import compiler
        from marimo._runtime import runtime
        from marimo._runtime.dataflow import graph
        original = compiler.compile_cell
        def compile_cell(code, cell_id, source_position=None, carried_imports=None, test_rewrite=False,
                         filename=None, new_keyword=None):
            return original(code, cell_id, source_position, carried_imports, test_rewrite, filename)
        compiler.compile_cell = runtime.compile_cell = graph.compile_cell = compile_cell
        from trainer.serve import marimo_once
        installed = marimo_once.install()
        print(installed["notebooks parsed and compiled once"], installed["one kernel message decoder"])
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
    changed = (
        "compile_cell takes (code, cell_id, source_position, carried_imports, test_rewrite, filename, new_keyword)"
    )
    assert changed in done.stderr


def test_the_published_server_says_at_start_which_patches_are_on(demo_sqlite_template, tmp_path):
    db_path = tmp_path / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    site = start_published_site(db_path, tmp_path)
    output = stop_server(site)
    line = next(line for line in output.splitlines() if line.startswith("marimo "))
    assert "trainer's patches checked against 0.25.2" in line and "OFF" not in line
    assert "front-end files answered by the HTTP protocol: on" in line


def test_marimos_isolate_apps_is_refused_in_one_line(demo_sqlite_template, tmp_path):
    """isolate_apps would run the notebooks in other processes, outside the gate's viewer and the caches."""
    (tmp_path / ".marimo.toml").write_text("[experimental]\nisolate_apps = true\n")
    db_path = tmp_path / "trainer.db"
    db_path.write_bytes(demo_sqlite_template.read_bytes())
    command = [sys.executable, "-m", "trainer", "app", "--publish", "--headless", "--db", f"sqlite:///{db_path}"]
    env = {**os.environ, "TRAINER_CONFIG_HOME": str(tmp_path / "config"), "TRAINER_DATA_DIR": str(tmp_path)}
    done = subprocess.run([*command, "--port", "0"], capture_output=True, text=True, cwd=tmp_path, timeout=60, env=env)
    assert done.returncode == 2
    assert "isolate_apps is on" in done.stderr and "Traceback" not in done.stderr
