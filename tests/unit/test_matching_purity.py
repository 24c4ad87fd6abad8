"""The matching engine, the impact arithmetic and the research anonymiser are pure packages: no Flask, no
database, no app layers."""
import ast
from pathlib import Path

import pytest

import siru_exchange.impact as impact
import siru_exchange.matching as matching
import siru_exchange.research as research

FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "siru_exchange.models",
             "siru_exchange.services", "siru_exchange.blueprints")


def imported_modules(tree, package):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            yield module
            for alias in node.names:  # "from siru_exchange import models"
                yield f"{module}.{alias.name}"


@pytest.mark.parametrize("package", [matching, impact, research], ids=["matching", "impact", "research"])
def test_pure_package_imports_nothing_from_the_app_or_web_stack(package):
    root = Path(package.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert files
    offenders = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name in imported_modules(tree, package.__name__):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_the_checker_catches_forbidden_imports():
    src = ("import flask\nfrom sqlalchemy.orm import Session\nfrom .. import models\n"
           "from siru_exchange.services import x\n")
    names = set(imported_modules(ast.parse(src), "siru_exchange.matching"))
    for name in ("flask", "sqlalchemy.orm", "siru_exchange.models", "siru_exchange.services"):
        assert name in names
