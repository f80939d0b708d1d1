"""Reads of the merit self-assessment, shaped for the screens and the reports: answers grouped by aspect
with the question, Talenta's evidence labelled, the total and the year-on-year comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from talenta.accounts import scope
from talenta.core.templatetags.talenta import angka, tanggal
from talenta.merit import evidence as ev
from talenta.merit.models import Answer, Assessment, Evidence
from talenta.merit.rules import scoring as r
from talenta.people.models import Predikat


def assessments_for(user: Any) -> QuerySet[Assessment]:
    """The assessments of the user's instansi (another instansi's are absent: 404)."""
    return scope.visible(user, Assessment).select_related("questionnaire", "instansi")


def answers_for(user: Any) -> QuerySet[Answer]:
    return scope.visible(user, Answer).select_related("assessment__questionnaire")


def evidence_for(user: Any) -> QuerySet[Evidence]:
    return scope.visible(user, Evidence).select_related("answer__assessment")


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return _("yes") if v else _("no")
    if isinstance(v, int | float | Decimal):
        return angka(v, 0 if isinstance(v, int) or float(v).is_integer() else 1)
    if isinstance(v, dict):  # the predikat distribution
        labels = dict(Predikat.choices)
        return " · ".join(f"{labels.get(k, k)} {angka(n)}" for k, n in v.items())
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            return tanggal(date.fromisoformat(v))
        except ValueError:
            return v
    return str(v)


@dataclass
class Row:
    answer: Answer
    question: dict[str, Any]
    facts: list[tuple[str, str]] = field(default_factory=list)
    checks: list[tuple[int, str, bool]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""

    @property
    def level_text(self) -> str:
        s = self.answer.score
        return self.question["levels"].get(str(s), "") if s is not None else ""

    @property
    def proposed_text(self) -> str:
        p = self.answer.proposed_score
        return self.question["levels"].get(str(p), "") if p is not None else ""

    @property
    def evidence_names(self) -> list[str]:
        names = [
            e.name if e.is_file or e.name == e.url else f"{e.name} ({e.url})"
            for e in self.answer.evidence.all()
        ]
        if self.answer.proposed_score is not None:
            names.insert(
                0,
                _("Computed by Talenta: %(facts)s")
                % {"facts": "; ".join(f"{k}: {v}" for k, v in self.facts)},
            )
        return names


def row(answer: Answer, question: dict[str, Any]) -> Row:
    out = Row(answer, question)
    data = answer.proposed_evidence or {}
    if data:
        out.facts = [(str(ev.FACT_LABELS.get(k, k)), _value(v)) for k, v in data.get("facts", {}).items()]
        out.checks = [
            (c["level"], str(ev.CHECK_LABELS.get(c["code"], c["code"])), c["met"])
            for c in data.get("checks", [])
        ]
        out.records = [dict(x, date_text=_value(x.get("date", ""))) for x in data.get("records", [])]
        out.source = str(ev.SOURCES.get(data.get("key", ""), ""))
    return out


@dataclass
class AspectBlock:
    code: str
    name: str
    rows: list[Row]

    @property
    def mean(self) -> Decimal | None:
        scores = [x.answer.score for x in self.rows if x.answer.score is not None]
        return Decimal(sum(scores)) / len(scores) if scores else None


def blocks(a: Assessment) -> list[AspectBlock]:
    answers = {x.code: x for x in a.answers.prefetch_related(Prefetch("evidence"))}
    out = []
    for aspect in a.questionnaire.data["aspects"]:
        rows = [row(answers[q["code"]], q) for q in aspect["questions"] if q["code"] in answers]
        out.append(AspectBlock(aspect["code"], aspect["name"], rows))
    return out


def single_row(answer: Answer) -> Row:
    q = next(q for q in answer.assessment.questionnaire.questions() if q["code"] == answer.code)
    return row(answer, q)


def total_of(bs: list[AspectBlock]) -> r.Total:
    return r.total([x.answer.score for b in bs for x in b.rows])


def comparison(qs: QuerySet[Assessment]) -> dict[str, Any]:
    """Year-on-year: the total and each aspect's mean score per year (aspects matched by name)."""
    years, aspects, totals = [], {}, {}
    for a in qs.order_by("year"):
        bs = blocks(a)
        years.append(a.year)
        totals[a.year] = total_of(bs)
        for b in bs:
            aspects.setdefault(b.name, {})[a.year] = b.mean
    rows = [{"name": n, "cells": [by.get(y) for y in years]} for n, by in aspects.items()]
    total_cells = [totals[y] for y in years]
    deltas = [None] + [total_cells[i].value - total_cells[i - 1].value for i in range(1, len(years))]
    return {"years": years, "rows": rows, "totals": total_cells, "deltas": deltas}
