"""The project's shape: a pure core, a light install, docs that name every command."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_CORE = {"prefect", "duckdb", "tasks", "flows"}


def test_core_imports_neither_prefect_nor_duckdb():
    offenders = []
    for path in (ROOT / "arqam").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in FORBIDDEN_IN_CORE]
    assert offenders == []


def test_no_deep_learning_stack_installed():
    # camel-tools is installed without its declared torch/transformers dependencies
    assert importlib.util.find_spec("camel_tools") is not None
    assert importlib.util.find_spec("torch") is None
    assert importlib.util.find_spec("transformers") is None


def test_camel_tools_pin_is_in_one_place():
    pins = [p for p in ROOT.glob("*") if p.is_file() and "camel-tools==" in p.read_text(errors="ignore")]
    assert [p.name for p in pins] == ["Makefile"]


def test_readme_documents_every_cli_command_and_the_quick_start():
    readme = (ROOT / "README.md").read_text()
    cli = (ROOT / "flows" / "cli.py").read_text()
    commands = re.findall(r'sub\.add_parser\("(\w+)"', cli)
    assert commands, "no subcommands found"
    for cmd in commands:
        assert f"arqam {cmd}" in readme, f"README does not mention `arqam {cmd}`"
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"^make (\w+)", readme, flags=re.M):
        assert re.search(rf"^{target}:", makefile, flags=re.M), f"README uses `make {target}`, which the Makefile lacks"


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()


def test_shard_work_loads_without_prefect():
    """Worker processes import the shard functions: they must stay light (no Prefect, no DuckDB, no scipy)."""
    code = ("import sys, tasks.shards, tasks.pool; "
            "print(sorted(m for m in ('prefect', 'duckdb', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
