"""Architecture rules that keep the layout readable: import contracts (import-linter, `[tool.importlinter]` in
pyproject.toml), interfaces that use only the facade, module sizes, and a default ask/verify path that never
imports torch."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "factbot"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Contracts: 5 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("store/registry.py", "import factbot.interfaces.cli", "Data flows downstream"),
        ("retrieve/search.py", "import chromadb", "Only the vector-index module imports chromadb"),
        ("verify/claims.py", "import fastapi", "Only web modules"),
        ("interfaces/cli/main.py", "import slack_bolt", "Only Slack modules"),
    ],
)
def test_a_broken_rule_fails_the_check(tmp_path: Path, module: str, line: str, contract: str) -> None:
    """The same check on a copy of the package with one forbidden import added reports that contract broken."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(PACKAGE, tmp_path / "factbot", ignore=shutil.ignore_patterns("models", "samples", "__pycache__"))
    target = tmp_path / "factbot" / module
    target.write_text(target.read_text() + f"\n{line}  # a rule broken on purpose\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in " ".join(broken.split()), result.stdout[-3000:]


# The facade's stores and models are private: an interface that needs something asks FactBot for it.
_PAST_THE_FACADE = re.compile(r"\bbot\.(_\w+|registry|vectors|index_dir|settings\.\w+(\.\w+)?\s*=[^=])")


def test_interfaces_use_only_the_facade() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {text.strip()}"
        for path in sorted((PACKAGE / "interfaces").rglob("*.py"))
        for n, text in enumerate(path.read_text().splitlines(), start=1)
        if _PAST_THE_FACADE.search(text)
    ]
    assert offenders == []


def test_modules_stay_small() -> None:
    sizes = {p.relative_to(ROOT): len(p.read_text().splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {p: n for p, n in sizes.items() if n > 400} == {}
    assert sizes[Path("factbot/bot.py")] <= 300  # thin: one delegating method per capability


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_no_module_is_imported_under_an_alias_inside_a_function() -> None:
    """`from factbot import verify as v` inside a method hid which stage the facade depends on."""
    hidden = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("factbot"):
                        hidden += [
                            f"{path.relative_to(ROOT)}: {inner.module}.{a.name} as {a.asname}"
                            for a in inner.names
                            if a.asname and _is_module(f"{inner.module}.{a.name}")
                        ]
    assert hidden == []


_NO_TORCH = """
import sys
from factbot import FactBot
bot = FactBot(index_dir=sys.argv[1])
bot.seed()
answer = bot.ask("What did Stoltenberg demand?")
verdict = bot.verify("Borrell criticized the US response.")
assert answer.citations and verdict.evidence, (answer, verdict)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"torch", "sentence_transformers", "transformers"})
print(" ".join(loaded) or "none")
"""


def test_default_ask_and_verify_never_import_torch(tmp_path: Path) -> None:
    """The default embedding backend (int8 ONNX) and the shipped judge (ONNX) run without torch: a fresh
    process indexes, answers and verifies, and torch was never imported."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "FACTBOT_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", _NO_TORCH, str(tmp_path / "index")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "none"
