"""The package's shape: stages in order, no import cycles, thin package files, short modules, and a
repository that stands alone (docs/architecture.md).

Imports are read from the source (``ast``), function-level (lazy) imports included, so a lazy import of a
later stage is caught as well as a top-level one.
"""
from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "simulator"

#: stage of each top-level part of the package; a module may import only its own stage and earlier ones
STAGES = {"errors": 0, "data": 0, "scenario": 1, "inputs": 2, "model": 3, "results": 4, "outputs": 5,
          "studies": 6, "cli": 7}
MAX_MODULE_LINES = 500


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(source: str, own: str, is_package: bool, modules) -> set[str]:
    """The package modules that the source of module ``own`` imports, at any depth of the code;
    ``from pkg import sub`` counts as ``pkg.sub`` when ``sub`` is a module."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("simulator"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = own.split(".") if is_package else own.split(".")[:-1]
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("simulator"):
                continue
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules]
            out.update(subs if subs and len(subs) == len(node.names) else [target, *subs])
    return out


def stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES[parts[1]] if len(parts) > 1 else None


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imported_modules(path.read_text(encoding="utf-8"), name, path.name == "__init__.py", modules)
            for name, path in modules.items()}


def test_every_part_of_the_package_has_a_stage():
    tops = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
            if p.name not in ("__init__.py", "__pycache__") and (p.suffix == ".py" or p.is_dir())}
    assert tops == set(STAGES), f"parts without a stage (add them to STAGES and docs/architecture.md): {tops - set(STAGES)}"


def test_no_module_imports_a_later_stage():
    wrong = sorted(f"{src} (stage {stage(src)}) imports {dst} (stage {stage(dst)})"
                   for src, dsts in import_graph().items() if stage(src) is not None
                   for dst in dsts if stage(dst) is not None and stage(dst) > stage(src))
    assert not wrong, "\n".join(wrong)


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_no_import_cycles():
    assert find_cycles(import_graph()) == []


def test_cycle_finder_finds_a_cycle():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_lazy_and_relative_imports_are_seen():
    source = ("from simulator.results import kpi\n"
              "def f():\n    from simulator.outputs import plots\n"
              "def g():\n    from .solve import solve_model\n")
    modules = {"simulator.results.kpi", "simulator.outputs.plots", "simulator.model.solve"}
    assert imported_modules(source, "simulator.model.build", False, modules) == modules


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("__init__.py")), ids=lambda p: module_name(p) or "simulator")
def test_package_files_only_re_export(path):
    """A package's ``__init__`` holds its docstring, imports, ``__all__`` and at most a lazy ``__getattr__``."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id in ("__all__", "__version__")
                                                for t in node.targets):
            continue
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
            continue
        pytest.fail(f"{path.relative_to(ROOT)}:{node.lineno} holds logic ({type(node).__name__}); move it to a module")


def test_modules_are_short():
    long = {name: n for name, p in all_modules().items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them): {long}"


def test_repository_cites_only_its_own_sources():
    """Nothing in the repository loads or cites a file outside it; sources are docs/sources.md keys."""
    pattern = "policy" + "_facts|\\.\\./" + "shared|DESIGN" + "\\.md|DOMAIN" + "\\.md"
    found = subprocess.run(["git", "grep", "-n", "-E", pattern], cwd=ROOT, capture_output=True, text=True)
    if found.returncode not in (0, 1):
        pytest.skip(f"not a git checkout: {found.stderr.strip()}")
    assert found.stdout == "", found.stdout
