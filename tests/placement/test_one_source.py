"""Issue 13, "one source for every rule": each rule, label table and guard is defined once, and the
eligibility rules hold no words (the words are placement/evidence.py's)."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "talenta"
TREES = {
    p: ast.parse(p.read_text(encoding="utf-8")) for p in SRC.rglob("*.py") if "migrations" not in p.parts
}


def _defined_functions() -> Counter[str]:
    return Counter(
        n.name
        for tree in TREES.values()
        for n in tree.body
        if isinstance(n, ast.FunctionDef)  # module level: methods may share a name
    )


def _module_assignments() -> Counter[str]:
    names: Counter[str] = Counter()
    for tree in TREES.values():
        for n in tree.body:
            targets = (
                n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, ast.AnnAssign) else []
            )
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


@pytest.mark.parametrize(
    "name",
    [
        "jpm",  # the JPM formula (profiling/rules/jpm.py)
        "selection_category",  # the selection bands
        "final_box",  # computed or calibrated (talent/rules/ninebox.py)
        "is_higher",  # the promotion test (placement/rules/decision.py)
        "safe_cell",  # the spreadsheet-formula guard (core/cells.py)
        "elapsed",  # completed calendar time (people/rules/dates.py)
    ],
)
def test_each_rule_function_is_defined_once(name):
    assert _defined_functions()[name] == 1


@pytest.mark.parametrize(
    "name", ["LEVEL_LABELS", "LEADERSHIP_TRAINING", "JPM_SELECTION_BANDS", "JPM_MAPPING_BANDS", "LEVEL_RANK"]
)
def test_each_label_and_band_table_is_defined_once(name):
    assert _module_assignments()[name] == 1


INDONESIAN = re.compile(
    r"\b(tahun|tidak|belum|paling|pada|jabatan sekarang|riwayat id|perlu|Pensiun|Lahir)\b"
)


def test_the_eligibility_rules_hold_no_sentences():
    tree = TREES[SRC / "placement" / "rules" / "eligibility.py"]
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    words = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]
    assert [w for w in words if INDONESIAN.search(w)] == []
