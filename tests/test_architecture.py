"""The shape of the package, read from its source: no import cycle, Textual only on the screens'
side, no screen importing the app, and only Textual's public modules (here, in the tests and in
the benchmarks)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coach"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(path: Path, *, lazy: bool) -> set[str]:
    """The modules ``path`` imports as it runs: at import time (``lazy`` False) or anywhere,
    inside functions too (``lazy`` True). Imports only a type checker sees are left out."""
    found: set[str] = set()

    def visit(node: ast.AST, top: bool) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child, top)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        inner = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        if inner and not lazy:
            return
        for child in ast.iter_child_nodes(node):
            visit(child, top and not inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), True)
    return found


def graph(*, lazy: bool) -> dict[str, set[str]]:
    """coach's modules and the coach modules each imports (a package's ``__init__`` counts as
    imported with any module under it, as Python imports it first)."""
    edges: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = set()
        for imported in imports(path, lazy=lazy):
            if imported in MODULES:
                targets.add(imported)
            parent = imported.rpartition(".")[0]
            while parent:
                if parent in MODULES:
                    targets.add(parent)
                parent = parent.rpartition(".")[0]
        targets.discard(name)
        # A module's own packages are imported before it, not by it.
        targets -= {p for p in MODULES if name.startswith(p + ".")}
        edges[name] = targets
    return edges


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = walk(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            found = walk(start)
            if found:
                return found
    return None


def test_the_graph_sees_the_imports_it_should():
    """The checks below would pass on a graph that found nothing: it finds the app's imports."""
    edges = graph(lazy=False)
    assert {"coach.service", "coach.store", "coach.screens.today"} <= edges["coach.app"]
    assert "coach.screens.timer" in graph(lazy=True)["coach.screens.session_flow"]
    assert "coach.screens.timer" not in edges["coach.screens.session_flow"]  # when it opens
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_module_of_coach_imports_itself_back_as_it_is_imported():
    assert cycle(graph(lazy=False)) is None


def test_no_module_of_coach_imports_itself_back_even_inside_a_function():
    """An import inside a function runs once everything is loaded, so a loop there does not
    fail; but it ties the modules together all the same: the layers keep pointing one way."""
    assert cycle(graph(lazy=True)) is None


def test_every_module_imports_on_its_own_in_a_fresh_interpreter():
    """Each module first, in a new interpreter: a cycle the graph missed would fail here."""
    script = (
        "import importlib, subprocess, sys\n"
        "for name in sys.argv[1:]:\n"
        "    done = subprocess.run([sys.executable, '-c', f'import {name}'],"
        " capture_output=True, text=True)\n"
        "    if done.returncode:\n"
        "        print(name, done.stderr.strip().splitlines()[-1])\n"
    )
    names = [n for n in MODULES if n not in ("coach.__main__",)]
    done = subprocess.run([sys.executable, "-c", script, *names], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    assert done.stdout == "" and done.returncode == 0, done.stdout + done.stderr


TEXTUAL_SIDE = ("coach.app", "coach.screens", "coach.widgets")


def test_textual_is_imported_only_by_the_app_and_its_screens_and_widgets():
    users = {name for name, path in MODULES.items()
             if any(i == "textual" or i.startswith("textual.")
                    for i in imports(path, lazy=True) | _type_only_imports(path))}
    assert users
    assert {u for u in users if not u.startswith(TEXTUAL_SIDE)} == set()


def _type_only_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.If) and _type_checking_only(node):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    found.add(inner.module)
                elif isinstance(inner, ast.Import):
                    found.update(a.name for a in inner.names)
    return found


def test_no_screen_or_widget_imports_the_app():
    for name, path in MODULES.items():
        if name.startswith(("coach.screens", "coach.widgets")):
            found = imports(path, lazy=True) | _type_only_imports(path)
            assert "coach.app" not in found, name


PRIVATE_TEXTUAL = re.compile(r"^\s*(from|import)\s+textual(\.\w+)*\._", re.MULTILINE)


@pytest.mark.parametrize("folder", ["coach", "tests", "benchmarks"])
def test_only_textuals_public_modules_are_imported(folder):
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files
    found = [f"{p.relative_to(ROOT)}: {m.group(0).strip()}" for p in files
             for m in PRIVATE_TEXTUAL.finditer(p.read_text(encoding="utf-8"))]
    assert found == []
