"""The layers of docs/architecture.md, checked on the source: every module under src/zhenwei is parsed
with ``ast`` (imports at the top and inside functions, ``apps.get_model("x", …)``,
``import_module("zhenwei.x…")``, ``find_spec("zhenwei.x…")``), and the test fails on an import against
the allowed directions, on a cross-app import that does not go through the target's public modules,
on a private name imported from another app, and on any cycle between apps. There is no exceptions list.

Scope, and why: tests (``<app>/tests/``) and the demo package (``zhenwei.demo``, whose loaders write
through every app's services like a user would) are clients of the whole platform, not part of an
app's dependencies; they may import any app's public names but never a private one. The demo is the
top layer: no app imports it. Migrations are frozen
history. The project modules at the package root (settings, urls, api_urls, wsgi, front, cli) wire the
apps together and sit above all of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "zhenwei"

# docs/architecture.md, "Layers": an app may import apps of its own layer or below, never above.
LAYERS: dict[str, int] = {
    "core": 0,
    "notifications": 0,
    "security": 0,
    "catalog": 1,
    "registry": 2,
    "campaigns": 2,
    "cases": 2,
    "webwatch": 2,
    "market": 2,
    "credit": 2,
    "verify": 2,
    "tips": 2,
    "inspections": 2,
    "joint": 2,
    "reports": 3,
    "portal": 3,
    "demo": 4,  # a client of every app (its loaders call services); nothing imports it
}
# The platform (layer 0) in its own order: security builds on notifications (lockout notices), both on core.
PLATFORM_ORDER = ["core", "notifications", "security"]
PLATFORM = set(PLATFORM_ORDER)
# What an app above the platform offers to other apps: its contract and its records.
PUBLIC_MODULES = {"contracts", "models", "choices"}
# The modules of security that core's file store and importers use: they import nothing of zhenwei
# (checked below), so they cannot be on a cycle, and an edge to them is not an edge of the app graph.
PLATFORM_LEAVES = {"security.uploads", "security.exports", "security.upload_entry_points"}
# Apps that are clients of the whole platform (any app's public names, like tests), above every layer.
CLIENTS = {"demo"}
PROJECT = {"settings", "urls", "api_urls", "wsgi", "front", "cli", "__init__"}
DYNAMIC = {"import_module", "find_spec", "import_string"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if "migrations" in rel.parts:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _targets(tree: ast.AST):
    """(line, dotted module path, imported name or None) for every import the module makes."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                yield node.lineno, node.module, alias.name
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            value = node.args[0].value
            if not isinstance(value, str):
                continue
            if name == "get_model":
                label = value.split(".")[0]
                if label in LAYERS:
                    yield node.lineno, f"zhenwei.{label}.models", None
            elif name == "get_app_config" and value in LAYERS:
                yield node.lineno, f"zhenwei.{value}", None
            elif name in DYNAMIC and value.startswith("zhenwei."):
                yield node.lineno, value, None


def _imports():
    """(source module, kind of source, source app, line, target app, target module path, name)."""
    for rel, tree in _modules():
        top = rel.parts[0].removesuffix(".py")
        if top in PROJECT:
            kind = "project"
        elif top in CLIENTS or "tests" in rel.parts or rel.parts[-1] == "conftest.py":
            kind = "client"
        else:
            kind = "app"
        for line, module, name in _targets(tree):
            parts = module.split(".")
            if parts[0] != "zhenwei" or len(parts) < 2:
                continue
            if len(parts) == 2 and name and parts[1] in LAYERS:
                # ``from zhenwei.cases import services``: the module is the name
                parts, name = [*parts, name], None
            yield str(rel), kind, top, line, parts[1], parts[2:], name


def test_every_app_has_a_layer():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    assert apps == set(LAYERS), f"add the new app to LAYERS and docs/architecture.md: {apps ^ set(LAYERS)}"


def test_imports_follow_the_layers_and_contracts():
    problems = []
    for where, kind, app, line, target, path, name in _imports():
        at = f"{where}:{line} imports zhenwei.{'.'.join([target, *path])}" + (f".{name}" if name else "")
        private = [p for p in [*path, name or ""] if p.startswith("_") and not p.startswith("__")]
        if target != app and private:
            problems.append(f"{at}: a private name of another app")
        if kind != "app" or target == app:
            continue
        if target in PROJECT:
            problems.append(f"{at}: an app imports the project wiring (settings: read django.conf.settings)")
            continue
        if target not in LAYERS:
            continue
        if LAYERS[target] > LAYERS[app]:
            problems.append(
                f"{at}: {app} (layer {LAYERS[app]}) reaches up to {target} (layer {LAYERS[target]})"
            )
        if (
            app in PLATFORM
            and target in PLATFORM
            and PLATFORM_ORDER.index(target) > PLATFORM_ORDER.index(app)
            and ".".join([target, *path[:1]]) not in PLATFORM_LEAVES
        ):
            problems.append(f"{at}: {app} reaches up to {target} inside the platform (only its leaf modules)")
        if target not in PLATFORM and (not path or path[0] not in PUBLIC_MODULES):
            problems.append(f"{at}: not through zhenwei.{target}.contracts (or its models/choices)")
    assert not problems, "\n".join(problems)


def _app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {app: set() for app in LAYERS}
    for _where, kind, app, _line, target, path, _name in _imports():
        if ".".join([target, *path[:1]]) in PLATFORM_LEAVES:
            continue  # imports nothing of zhenwei (test_platform_leaves_import_nothing): on no cycle
        if kind == "app" and target != app and target in LAYERS and app in LAYERS:
            graph[app].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_cycle_between_apps():
    assert _cycles(_app_graph()) == []


def test_platform_leaves_import_nothing():
    problems = []
    for where, _kind, _app, line, target, path, _name in _imports():
        if ".".join(Path(where).with_suffix("").parts[:2]) in PLATFORM_LEAVES and target != "security":
            problems.append(f"{where}:{line} a platform leaf imports zhenwei.{'.'.join([target, *path])}")
        if ".".join(Path(where).with_suffix("").parts[:2]) in PLATFORM_LEAVES and target == "security":
            if ".".join([target, *path[:1]]) not in PLATFORM_LEAVES:
                problems.append(f"{where}:{line} a platform leaf imports zhenwei.{'.'.join([target, *path])}")
    assert not problems, "\n".join(problems)


def test_the_checker_sees_every_kind_of_import():
    tree = ast.parse(
        "def f():\n"
        "    from zhenwei.reports.models import MonthlyReport\n"
        "    apps.get_model('reports', 'MonthlyReport')\n"
        "    import_module('zhenwei.verify.services')\n"
        "    find_spec('zhenwei.credit.selectors')\n"
        "    from zhenwei.cases import services\n"
    )
    seen = {(module, name) for _line, module, name in _targets(tree)}
    assert ("zhenwei.reports.models", "MonthlyReport") in seen
    assert ("zhenwei.reports.models", None) in seen
    assert ("zhenwei.verify.services", None) in seen
    assert ("zhenwei.credit.selectors", None) in seen
    assert ("zhenwei.cases", "services") in seen
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


def test_configuration_is_read_only_in_settings():
    """Code reads ``django.conf.settings``; only settings/ reads the environment. cli.py and wsgi.py set
    DJANGO_SETTINGS_MODULE (a default for Django's own bootstrap, before any setting can be read)."""
    problems = []
    for rel, tree in _modules():
        if rel.parts[0] == "settings" or "tests" in rel.parts:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv"):
                if isinstance(node.value, ast.Name) and node.value.id == "os":
                    parent_ok = rel.name in ("cli.py", "wsgi.py")
                    if not parent_ok:
                        problems.append(f"{rel}:{node.lineno} os.{node.attr}")
    assert not problems, "read it in settings/base.py (ZHENWEI_*) instead:\n" + "\n".join(problems)
