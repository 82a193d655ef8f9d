"""The import graph between apps: data flows one way (DESIGN.md, "Architecture").

Every import statement of every module counts, including imports inside functions and
under TYPE_CHECKING: a cycle hidden in a function is still a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import cinematheque

PACKAGE = Path(cinematheque.__file__).parent
# The project's own modules (settings, urls, cli…) wire the apps together.
APPS = sorted(
    path.name
    for path in PACKAGE.iterdir()
    if path.is_dir() and (path / "__init__.py").exists()
)


def imported_apps(path: Path) -> set[str]:
    """The apps of cinematheque that the module at `path` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return {
        parts[1]
        for parts in (name.split(".") for name in names)
        if len(parts) > 1 and parts[0] == "cinematheque" and parts[1] in APPS
    }


# DESIGN.md's data flow, "catalogue (+ people)": a Credit (people) joins a person to a
# film (catalogue) and the film page lists the credits, so the two apps form one layer.
# Every other app is a node of its own.
LAYER = {"people": "catalogue"}


def layer(app: str) -> str:
    return LAYER.get(app, app)


def app_graph() -> dict[str, set[str]]:
    """Layer → the layers its modules import."""
    graph: dict[str, set[str]] = {layer(app): set() for app in APPS}
    for app in APPS:
        for path in (PACKAGE / app).rglob("*.py"):
            imported = {layer(name) for name in imported_apps(path)}
            graph[layer(app)] |= imported - {layer(app)}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path (first node repeated at the end), or None."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state:
                found = visit(target, [*path, target])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def test_the_graph_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "def f():\n    from cinematheque.editorial.page import x\n"
        "import cinematheque.recommendations.models\n"
    )
    assert imported_apps(module) == {"editorial", "recommendations"}


def test_cycle_finder_finds_a_cycle_and_accepts_a_chain():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_two_apps_import_each_other_even_through_others():
    assert find_cycle(app_graph()) is None


def test_catalogue_imports_no_app_above_it():
    above = {"editorial", "recommendations", "members", "watch", "search", "api"}
    assert app_graph()["catalogue"] & above == set()
    for app in ("catalogue", "people"):
        for path in (PACKAGE / app).rglob("*.py"):
            assert imported_apps(path) & above == set(), path


def test_the_page_layer_imports_no_domain_app():
    assert app_graph()["pages"] == set()
