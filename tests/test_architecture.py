"""The package's shape, read from the source (nothing of parlzoek is imported):

* the fence: only ``parlzoek/engine`` relies on Whoosh's private names, each listed once in
  ``engine/whoosh_internals.py`` (the only module that may import one);
* layering: a module imports nothing from a package above its own (``LAYERS``);
* privacy: a module imports no ``_private`` name of another package.

A private Whoosh name is one Whoosh's own source binds with a leading underscore. A use of one is
an import of it, a ``whoosh.…._x`` path, ``getattr(x, "_x")``, assigning ``__class__``, and in a
class built on a Whoosh class, a ``self._x``/``super()._x``/``def _x`` that the Whoosh class has.
Elsewhere ``thing._x`` counts where the name is Whoosh's and none of our own classes binds it, in
modules that deal with Whoosh (import it, or are the engine): ``paragraph._p`` of python-docx is
no concern of this fence.
"""

from __future__ import annotations

import ast
import importlib.util
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "parlzoek"
ENGINE = "engine"
INTERNALS = "parlzoek/engine/whoosh_internals.py"
# Lower may not import higher; packages of one rank may import each other.
LAYERS = [("corpus", "fetch"), ("analysis",), (ENGINE,), ("index",), ("query",), ("ranking",), ("search",),
          ("research",), ("web", "terminal")]  # fmt: skip
RANK = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}
TOP = len(LAYERS)  # parlzoek/__main__.py, the entry point, stands above all
# Private by name, public by contract: Whoosh's Corrector tells subclasses to implement it.
DOCUMENTED_HOOKS = frozenset({"_suggestions"})
LOOK_UPS = frozenset({"getattr", "hasattr", "setattr"})


@dataclass(frozen=True)
class Module:
    path: Path
    name: str  # parlzoek/engine/reading/collect.py
    tree: ast.Module

    @property
    def package(self) -> str | None:
        parts = self.path.relative_to(ROOT).parts
        return parts[0] if len(parts) > 1 else None

    @property
    def rank(self) -> int | None:
        if self.path.name == "__main__.py" and self.package is None:
            return TOP
        return RANK.get(self.package) if self.package else None


@cache
def modules() -> tuple[Module, ...]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        name = path.relative_to(ROOT.parent).as_posix()
        found.append(Module(path, name, ast.parse(path.read_text(encoding="utf-8"), name)))
    return tuple(found)


def imports(module: Module):
    """(line, imported module, names) of each import, relative ones resolved."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.name.removesuffix(".py").split("/")[: -node.level]
                base = ".".join([*package, *([base] if base else [])])
            yield node.lineno, base, tuple(alias.name for alias in node.names)


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__")


# Whoosh's private names, read from its source.


@cache
def whoosh_source() -> tuple[ast.Module, ...]:
    root = Path(importlib.util.find_spec("whoosh").origin).parent
    with warnings.catch_warnings():  # Whoosh 2.7's invalid escape sequences
        warnings.simplefilter("ignore")
        return tuple(ast.parse(p.read_text(encoding="utf-8", errors="replace")) for p in sorted(root.rglob("*.py")))


def _bound_privates(node: ast.AST) -> set[str]:
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.FunctionDef | ast.ClassDef):
            names.add(sub.name)
        elif isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store):
            names.add(sub.attr)
        elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            names.add(sub.id)
    return {name for name in names if is_private(name)}


@cache
def whoosh_privates() -> frozenset[str]:
    return frozenset(name for tree in whoosh_source() for name in _bound_privates(tree))


@cache
def _whoosh_classes() -> dict[str, tuple[set[str], list[str]]]:
    classes: dict[str, tuple[set[str], list[str]]] = {}
    for tree in whoosh_source():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                own, bases = classes.setdefault(node.name, (set(), []))
                own |= _bound_privates(node) - {node.name}
                bases += [ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases]
    return classes


@cache
def whoosh_class_privates(name: str) -> frozenset[str]:
    """The private names a Whoosh class (by name) and its Whoosh bases bind."""
    own, bases = _whoosh_classes().get(name, (set(), []))
    return frozenset(own).union(*(whoosh_class_privates(base) for base in bases if base != name))


# Uses of private Whoosh names in one module.


def _whoosh_imported(module: Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(module.tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh")
        for alias in node.names
    }


def deals_with_whoosh(module: Module) -> bool:
    return module.package == ENGINE or any(name.split(".")[0] == "whoosh" for _, name, _ in imports(module))


def _class_privates(module: Module) -> dict[str, frozenset[str]]:
    """Per class of the module, the private names its Whoosh bases bind (nothing for other classes)."""
    imported = _whoosh_imported(module)
    classes = {node.name: node for node in ast.walk(module.tree) if isinstance(node, ast.ClassDef)}

    @cache
    def privates(name: str) -> frozenset[str]:
        names: set[str] = set()
        for base in classes[name].bases:
            base_name = ast.unparse(base).rsplit(".", 1)[-1]
            if base_name in imported:
                names |= whoosh_class_privates(base_name)
            elif base_name in classes and base_name != name:
                names |= privates(base_name)
        return frozenset(names)

    return {name: privates(name) for name in classes}


@cache
def own_privates(package: str | None) -> frozenset[str]:
    """Private names the package's own classes bind that their Whoosh bases do not have: its own."""
    names: set[str] = set()
    for module in modules():
        if module.package != package:
            continue
        inherited = _class_privates(module)
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ClassDef):
                names |= _bound_privates(node) - inherited[node.name] - {node.name}
    return frozenset(names)


@cache
def whoosh_uses(module: Module) -> list[tuple[int, str, str]]:
    """(line, private name, how it is used) of each use of a private Whoosh name (read once per run:
    three tests ask)."""
    in_classes, seen = _class_uses(module)
    return _import_uses(module) + in_classes + _other_uses(module, seen)


def _import_uses(module: Module) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    for line, name, names in imports(module):
        if name.split(".")[0] == "whoosh":
            found += [(line, part, f"imports {name}") for part in name.split(".") if is_private(part)]
            found += [(line, alias, f"imports {alias} from {name}") for alias in names if is_private(alias)]
    return found


def _class_uses(module: Module) -> tuple[list[tuple[int, str, str]], set[int]]:
    """Private names of a Whoosh base class overridden or used on ``self``, and the nodes seen."""
    found: list[tuple[int, str, str]] = []
    seen: set[int] = set()
    inherited = _class_privates(module)
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.ClassDef):
            continue
        privates = inherited[node.name] - DOCUMENTED_HOOKS
        for sub in ast.walk(node):
            if isinstance(sub, ast.FunctionDef) and sub.name in privates:
                found.append((sub.lineno, sub.name, f"overrides Whoosh's {sub.name} in {node.name}"))
            elif isinstance(sub, ast.Attribute) and sub.attr in privates and _on_self(sub.value):
                found.append((sub.lineno, sub.attr, f"uses Whoosh's {sub.attr} in {node.name}"))
                seen.add(id(sub))
    return found, seen


def _other_uses(module: Module, seen: set[int]) -> list[tuple[int, str, str]]:
    """Paths into Whoosh's modules, ``__class__`` changed, and private names read or looked up by text."""
    found: list[tuple[int, str, str]] = []
    theirs = whoosh_privates() - own_privates(module.package) if deals_with_whoosh(module) else frozenset()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Attribute):
            if is_private(node.attr) and _root(node) == "whoosh":
                found.append((node.lineno, node.attr, f"reaches {ast.unparse(node)}"))
            elif node.attr == "__class__" and isinstance(node.ctx, ast.Store):
                found.append((node.lineno, "__class__", f"changes {ast.unparse(node)}, the class of a Whoosh object"))
            elif id(node) not in seen and node.attr in theirs and not _on_self(node.value):
                found.append((node.lineno, node.attr, f"reads {ast.unparse(node)}"))
        elif _looked_up(node) in theirs:
            found.append((node.lineno, _looked_up(node), f"{node.func.id}(…, {_looked_up(node)!r})"))
    return found


def _root(node: ast.AST) -> str | None:
    """The name a dotted path starts from: ``whoosh`` for ``whoosh.a.f()._b`` (no text made)."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _looked_up(node: ast.AST) -> str | None:
    """The name in ``getattr(x, "_name")``, ``hasattr`` or ``setattr``."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in LOOK_UPS):
        return None
    return node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) else None


def _on_self(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id in {"self", "cls"}) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def _listed() -> dict[str, str]:
    """``WHOOSH_INTERNALS`` of the internals module, read as a literal."""
    tree = next(module.tree for module in modules() if module.name == INTERNALS)
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "WHOOSH_INTERNALS" for t in targets):
                return ast.literal_eval(node.value)
    raise AssertionError(f"{INTERNALS} defines no WHOOSH_INTERNALS")


# The tests.


def _whoosh_violations(rule: str, wrong: Callable[[Module, str, str], bool]) -> list[str]:
    """Each use of a private Whoosh name that ``wrong(module, name, how)`` says breaks ``rule``."""
    return [
        f"{module.name}:{line}: {how} (rule: {rule})"
        for module in modules()
        for line, name, how in whoosh_uses(module)
        if wrong(module, name, how)
    ]


def test_only_the_engine_touches_private_whoosh_names():
    wrong = _whoosh_violations(
        "private Whoosh names stay inside parlzoek/engine",
        lambda module, name, _: module.package != ENGINE,
    )
    assert not wrong, "\n".join(wrong)


def test_only_the_internals_module_imports_private_whoosh_names():
    wrong = _whoosh_violations(
        f"import private Whoosh names in {INTERNALS} only",
        lambda module, _, how: module.name != INTERNALS and how.startswith("imports"),
    )
    assert not wrong, "\n".join(wrong)


def test_only_the_engine_imports_the_internals_module():
    internals = INTERNALS.removesuffix(".py").replace("/", ".")
    wrong = [
        f"{module.name}:{line}: imports {name} (rule: the Whoosh internals are the engine's own)"
        for module in modules()
        if module.package != ENGINE
        for line, name, names in imports(module)
        if name == internals or (name == "parlzoek.engine" and "whoosh_internals" in names)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_engine_relies_on_listed_whoosh_internals_only():
    listed = _listed()
    engine = [module for module in modules() if module.package == ENGINE]
    wrong = [
        f"{module.name}:{line}: {how}, not in WHOOSH_INTERNALS (rule: list each Whoosh internal in {INTERNALS})"
        for module in engine
        for line, name, how in whoosh_uses(module)
        if name not in listed and name != "__class__"
    ]
    attributes = {name for module in engine for node in ast.walk(module.tree) for name in _names_in(node)}
    wrong += [
        f"{INTERNALS}: WHOOSH_INTERNALS lists {name}, which the engine no longer uses (rule: keep the list true)"
        for name in listed
        if name not in attributes
    ]
    wrong += [
        f"{INTERNALS}: WHOOSH_INTERNALS lists {name}, which is no private name of Whoosh (rule: keep the list true)"
        for name in listed
        if name not in whoosh_privates()
    ]
    assert not wrong, "\n".join(wrong)


def _names_in(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, ast.FunctionDef):
        return [node.name]
    if isinstance(node, ast.alias):
        return [node.name]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return []


def test_no_module_imports_from_a_higher_layer():
    wrong = []
    for module in modules():
        for line, name, _ in imports(module):
            parts = name.split(".")
            if parts[0] != "parlzoek" or len(parts) < 2 or parts[1] not in RANK or module.rank is None:
                continue
            if RANK[parts[1]] > module.rank:
                wrong.append(
                    f"{module.name}:{line}: imports {name} (rule: {module.package or 'a top-level helper'} "
                    f"may not import {parts[1]}, a higher layer)"
                )
    assert not wrong, "\n".join(wrong)


def test_top_level_helpers_import_no_package():
    wrong = [
        f"{module.name}:{line}: imports {name} (rule: top-level helpers are below every package)"
        for module in modules()
        if module.package is None and module.rank is None
        for line, name, _ in imports(module)
        if name.split(".")[0] == "parlzoek" and len(name.split(".")) > 1 and name.split(".")[1] in RANK
    ]
    assert not wrong, "\n".join(wrong)


def test_every_package_has_a_layer():
    packages = {module.package for module in modules()} - {None}
    assert packages <= set(RANK), f"packages without a place in LAYERS: {sorted(packages - set(RANK))}"


def test_no_module_imports_another_packages_private_names():
    wrong = []
    for module in modules():
        for line, name, names in imports(module):
            parts = name.split(".")
            if parts[0] != "parlzoek" or len(parts) < 2 or parts[1] == module.package:
                continue
            private = [part for part in parts[2:] if is_private(part)] + [n for n in names if is_private(n)]
            wrong += [
                f"{module.name}:{line}: imports {item} from {name} (rule: another package's private names stay its own)"
                for item in private
            ]
    assert not wrong, "\n".join(wrong)


def test_the_fence_sees_a_private_whoosh_name(tmp_path):
    """The checks above can fail: a module outside the engine reaching into Whoosh is caught."""
    source = (
        "from whoosh.codec.whoosh3 import _lenfield\n"
        "import whoosh.codec\n"
        "from whoosh.matching.wrappers import WrappingMatcher\n"
        "class Share(WrappingMatcher):\n"
        "    def _replacement(self, child):\n"
        "        return child\n"
        "def fields(schema, field, reader):\n"
        "    field.__class__ = object\n"
        "    getattr(reader, '_perdoc')\n"
        "    whoosh.codec.whoosh3._lenfield('body')\n"
        "    return schema._fields\n"
    )
    module = Module(ROOT / "search" / "made_up.py", "parlzoek/search/made_up.py", ast.parse(source))
    found = {(line, name) for line, name, _ in whoosh_uses(module)}
    assert found >= {(1, "_lenfield"), (5, "_replacement"), (8, "__class__"), (9, "_perdoc"), (10, "_lenfield"),
                     (11, "_fields")}  # fmt: skip
