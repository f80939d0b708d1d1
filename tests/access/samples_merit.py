"""Samples for the routes of the merit self-assessment: a 2025 draft per instansi, an answer of it and an
evidence file; a questionnaire version is national or one instansi's own (services.questionnaires_for)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from talenta.merit import services
from talenta.merit.models import Assessment, Evidence
from tests.access.registry import sample

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _side(world, viewer, case):
    return {"own": world.side(viewer), "other_instansi": world.other(viewer)}.get(case)


def _assessment(side) -> Assessment:
    a = Assessment.objects.filter(instansi=side.instansi, year=2025).first()
    if a is None:
        a = services.assessment_create(instansi=side.instansi, year=2025, by=side.users["analis"])
    return a


@sample(
    "merit:detail",
    "merit:recompute",
    "merit:submit",
    "merit:review",
    "merit:report-pdf",
    "merit:report-xlsx",
)
def _assessment_sample(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _assessment(side).pk}


@sample("merit:answer", "merit:evidence-add")
def _answer(world, viewer, case):
    side = _side(world, viewer, case)
    return None if side is None else {"pk": _assessment(side).answers.get(code="3.3").pk}


@sample("merit:evidence-file", "merit:evidence-delete")
def _evidence(world, viewer, case):
    side = _side(world, viewer, case)
    if side is None:
        return None
    answer = _assessment(side).answers.get(code="3.3")
    e = Evidence.objects.filter(answer=answer).first()  # a delete by the previous viewer removed it
    if e is None:
        upload = SimpleUploadedFile("sk-komite.pdf", PDF, content_type="application/pdf")
        e = services.evidence_add(answer=answer, by=side.users["analis"], upload=upload)
    return {"pk": e.pk}


@sample("merit:questionnaire-xlsx", objects=False)
def _questionnaire(world, viewer, case):
    return {"pk": services.questionnaire_current().pk} if case == "own" else None
