"""The floors of the house: every import in trainer/ (at the top of a module or inside a function)
goes to the module's own package or down to a lower floor, never up or sideways, and no modules
import each other in a loop. A newcomer can then read any package knowing only what lies below it."""

from __future__ import annotations

import ast
from pathlib import Path

TRAINER = Path(__file__).resolve().parents[1] / "trainer"
FLOORS = [  # lowest first; a package may use any package on a floor below its own
    {"trainer", "errors", "settings", "log_lines"},
    {"scoring"},  # pure computation on frames
    {"store"},  # the schema, engines, loaders
    {"access"},  # who may see what
    {"ingest"},  # data in: Garmin, FIT, CSV, PMData, entries by hand
    {"planning"},  # goals, plans, the day's session, the plan on the watch
    {"insights", "research", "demo", "export"},  # explanations; validation; demo athletes; data out
    {"day"},  # the athlete's day: which date, which settings, what it says, who needs a look
    {"views"},  # what the apps show, read through a viewer's scope
    {"notify"},  # the morning message: what people are told, through Apprise
    {"jobs"},  # the scheduled jobs on Huey: each athlete's morning, the weekly batches
    {"serve"},  # the published server
    {"cli"},  # the command line
    {"__main__"},  # python -m trainer
]
FLOOR_OF = {package: level for level, packages in enumerate(FLOORS) for package in packages}


def modules() -> dict[str, Path]:
    found = {}
    for path in TRAINER.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(("trainer", *path.relative_to(TRAINER).with_suffix("").parts)).removesuffix(".__init__")
        found[name] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The trainer modules ``path`` imports (``from trainer.x import y`` counts y when it is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "trainer":
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & known.keys()
            found |= submodules or {node.module}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "trainer"}
    return found


def package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "trainer"


def test_every_package_has_a_floor():
    assert {package(name) for name in modules()} <= FLOOR_OF.keys()


def test_no_import_goes_up_or_sideways():
    known = modules()
    wrong = []
    for name, path in known.items():
        for target in imports(path, known):
            here, there = package(name), package(target)
            if here != there and FLOOR_OF[there] >= FLOOR_OF[here]:
                wrong.append(f"{name} imports {target} ({there} is not below {here})")
    assert wrong == []


def names_defined(path: Path) -> set[str]:
    """What a module defines or imports at its top level."""
    names = set()
    tree = ast.parse(path.read_text())
    top = [*tree.body, *(child for node in tree.body if isinstance(node, ast.If) for child in node.body)]
    for node in top:  # the top level, and what ``if TYPE_CHECKING:`` imports for a lazy ``__getattr__``
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {target.id for target in targets if isinstance(target, ast.Name)}
    return names


def stale_imports(path: Path, known: dict[str, Path]) -> list[str]:
    """Imports of a module or a name that is not there (a room moved and left its old address)."""
    stale = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "trainer":
            if node.module not in known:
                stale.append(f"no module {node.module}")
                continue
            defined = names_defined(known[node.module])
            stale += [
                f"{node.module} has no {alias.name}"
                for alias in node.names
                if alias.name not in defined and f"{node.module}.{alias.name}" not in known
            ]
    return stale


def test_every_import_names_something_that_exists():
    """Inside functions too, where only running that function would tell."""
    known = modules()
    assert [f"{name}: {problem}" for name, path in known.items() for problem in stale_imports(path, known)] == []


def test_no_modules_import_each_other_in_a_loop():
    known = modules()
    graph = {name: imports(path, known) - {name} for name, path in known.items()}
    loops, done = [], set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            loops.append(" -> ".join(trail[trail.index(name) :] + [name]))
            return
        if name in done:
            return
        for target in sorted(graph.get(name, ())):
            if not (target == "trainer" or name.startswith(target + ".")):  # a package's own __init__
                visit(target, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert loops == []


def test_the_check_sees_an_import_that_goes_up(tmp_path):
    """The checks above can fail: an import from store up to planning is seen."""
    module = tmp_path / "m.py"
    module.write_text(
        "def f():\n    from trainer.planning.store import add_goal\n    from trainer.store import plans\n"
    )
    known = modules()
    assert imports(module, known) == {"trainer.planning.store", "trainer.store"}
    assert FLOOR_OF[package("trainer.planning.store")] >= FLOOR_OF["store"]
    assert stale_imports(module, known) == ["trainer.store has no plans"]  # its old address


def test_trainer_computes_without_marimo_apart_from_the_widgets_and_the_server():
    """STYLE.md: one small widgets module builds marimo's levers; the server mounts the notebooks."""
    users = set()
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(module.split(".")[0] == "marimo" for module in found):
                    users.add(name)
    assert {name for name in users if package(name) != "serve"} == {"trainer.views.widgets"}
