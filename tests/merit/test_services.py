"""The workflow of a self-assessment: create (with computed proposals), answer, evidence, submit, review;
each write audited, each refusal writing nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from talenta.core.models import AuditEntry
from talenta.merit import services
from talenta.merit.models import Answer, Assessment, Evidence
from tests.merit.fixtures import build

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(make_user):
    w = build(make_user)
    w.analis = make_user("analis", instansi=w.instansi)
    w.admin = make_user("admin", instansi=w.instansi)
    w.pimpinan = make_user("pimpinan", instansi=w.instansi)
    return w


@pytest.fixture
def assessment(world):
    return services.assessment_create(
        instansi=world.instansi, year=2025, by=world.analis, today=date(2026, 12, 1)
    )


def _answer(a: Assessment, code: str) -> Answer:
    return a.answers.get(code=code)


def _fill(a: Assessment, by) -> None:
    for x in a.answers.all():
        if x.proposed_score is not None:
            services.answer_save(answer=x, by=by, score=None, accept=True)
        else:
            services.answer_save(answer=x, by=by, score=0)


def test_create_stores_the_questionnaire_version_and_proposes_the_automatic_answers(assessment):
    assert assessment.questionnaire.version == "2025.1"
    assert assessment.answers.count() == 33
    assert _answer(assessment, "3.3").proposed_score == 4
    assert _answer(assessment, "3.3").score is None  # a proposal, not an answer
    assert _answer(assessment, "1.1").proposed_score is None
    assert AuditEntry.objects.filter(action="merit.assessment_create").count() == 1


def test_a_second_assessment_of_the_same_year_is_refused(world, assessment):
    with pytest.raises(ValidationError, match="sudah ada"):
        services.assessment_create(instansi=world.instansi, year=2025, by=world.analis)


def test_accepting_takes_the_proposal(world, assessment):
    x = services.answer_save(answer=_answer(assessment, "5.1"), by=world.analis, score=None, accept=True)
    assert x.score == x.proposed_score == 2 and not x.overridden


def test_overriding_without_a_reason_is_refused_and_writes_nothing(world, assessment):
    written = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="alasan"):
        services.answer_save(answer=_answer(assessment, "5.1"), by=world.analis, score=3)
    assert _answer(assessment, "5.1").score is None and AuditEntry.objects.count() == written


def test_overriding_with_a_reason_is_audited_with_it(world, assessment):
    services.answer_save(
        answer=_answer(assessment, "5.1"), by=world.analis, score=3, reason="SKP PPPK dihitung"
    )
    x = _answer(assessment, "5.1")
    assert x.overridden and x.override_reason == "SKP PPPK dihitung"
    entry = AuditEntry.objects.filter(action="merit.answer").latest("pk")
    assert entry.reason == "SKP PPPK dihitung" and entry.changes["score"] == 3


def test_a_role_without_the_action_is_refused(world, assessment):
    with pytest.raises(PermissionDenied):
        services.answer_save(answer=_answer(assessment, "5.1"), by=world.pimpinan, score=None, accept=True)


def test_submit_needs_every_answer_and_evidence_above_0(world, assessment):
    with pytest.raises(ValidationError) as e:
        services.assessment_submit(assessment=assessment, by=world.analis)
    assert "1.1: belum dijawab." in e.value.messages
    services.answer_save(answer=_answer(assessment, "1.1"), by=world.analis, score=3)
    _fill_rest = [x for x in assessment.answers.exclude(code="1.1")]
    for x in _fill_rest:
        services.answer_save(answer=x, by=world.analis, score=x.proposed_score or 0)
    with pytest.raises(ValidationError) as e:
        services.assessment_submit(assessment=assessment, by=world.analis)
    assert e.value.messages == ["1.1: nilai di atas 0 memerlukan bukti dukung."]
    assert Assessment.objects.get(pk=assessment.pk).status == "draft"


def test_a_score_above_the_proposal_needs_its_own_evidence(world, assessment):
    _fill(assessment, world.analis)
    services.answer_save(answer=_answer(assessment, "5.1"), by=world.analis, score=4, reason="Data lain")
    assert services.missing(assessment) == ["5.1: nilai di atas 0 memerlukan bukti dukung."]


def test_submit_then_review_by_another_person(world, assessment):
    _fill(assessment, world.analis)
    services.assessment_submit(assessment=assessment, by=world.analis)
    with pytest.raises(ValidationError, match="hanya draf"):
        services.answer_save(answer=_answer(assessment, "1.1"), by=world.analis, score=1)
    a = services.assessment_review(assessment=assessment, by=world.admin, approve=True, note="Lengkap")
    assert (a.status, a.submitted_by, a.reviewed_by) == ("reviewed", "analis-user", "admin-user")
    actions = list(AuditEntry.objects.filter(target_type="merit.assessment").values_list("action", flat=True))
    assert actions[-2:] == ["merit.submit", "merit.review"]


def test_the_submitter_cannot_review(world, assessment):
    _fill(assessment, world.admin)
    services.assessment_submit(assessment=assessment, by=world.admin)
    with pytest.raises(ValidationError, match="orang lain"):
        services.assessment_review(assessment=assessment, by=world.admin, approve=True)


def test_returning_to_draft_needs_a_note(world, assessment):
    _fill(assessment, world.analis)
    services.assessment_submit(assessment=assessment, by=world.analis)
    with pytest.raises(ValidationError):
        services.assessment_review(assessment=assessment, by=world.pimpinan, approve=False)
    a = services.assessment_review(
        assessment=assessment, by=world.pimpinan, approve=False, note="Bukti 3.5 kurang"
    )
    assert a.status == "draft" and a.review_note == "Bukti 3.5 kurang"


def test_an_evidence_file_is_stored_under_the_instansi(world, assessment, settings):
    f = SimpleUploadedFile("sk-komite.pdf", PDF, content_type="application/pdf")
    e = services.evidence_add(answer=_answer(assessment, "3.3"), by=world.analis, upload=f)
    path = services.evidence_path(e)
    assert path.read_bytes() == PDF and f"merit/{world.instansi.pk}/" in e.path
    assert e.content_type == "application/pdf" and e.size == len(PDF)


def test_a_file_whose_content_does_not_match_its_extension_is_refused(world, assessment):
    f = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match=r"bukan berkas \.pdf"):
        services.evidence_add(answer=_answer(assessment, "3.3"), by=world.analis, upload=f)
    assert not Evidence.objects.exists()


def test_an_executable_is_refused(world, assessment):
    f = SimpleUploadedFile("bukti.exe", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ValidationError, match="hanya PDF"):
        services.evidence_add(answer=_answer(assessment, "3.3"), by=world.analis, upload=f)


def test_a_file_over_the_limit_is_refused(world, assessment, settings):
    settings.MERIT_EVIDENCE_MAX_BYTES = 1024 * 1024
    f = SimpleUploadedFile("besar.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError, match="lebih besar dari 1 MB"):
        services.evidence_add(answer=_answer(assessment, "3.3"), by=world.analis, upload=f)


def test_a_link_must_be_http(world, assessment):
    with pytest.raises(ValidationError, match="https://"):
        services.evidence_add(answer=_answer(assessment, "1.1"), by=world.analis, url="javascript:alert(1)")


def test_recompute_moves_an_accepted_answer_and_keeps_an_override(world, assessment):
    from talenta.people.models import SkpHistory

    services.answer_save(answer=_answer(assessment, "5.1"), by=world.analis, score=None, accept=True)
    services.answer_save(answer=_answer(assessment, "5.2"), by=world.analis, score=1, reason="Kalibrasi SKP")
    SkpHistory.objects.filter(employee__instansi=world.instansi).delete()
    services.assessment_recompute(assessment=assessment, by=world.analis, today=date(2026, 12, 1))
    assert (_answer(assessment, "5.1").proposed_score, _answer(assessment, "5.1").score) == (0, 0)
    x = _answer(assessment, "5.2")
    assert (x.proposed_score, x.score, x.override_reason) == (0, 1, "Kalibrasi SKP")
