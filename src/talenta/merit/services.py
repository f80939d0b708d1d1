"""Writes of the merit-system self-assessment: loading a questionnaire version, creating and computing an
assessment, answering, evidence, and the draft → submitted → reviewed workflow. Each one is atomic and
audited; `by` is the acting user (None for the system, e.g. the demo)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from talenta.accounts import policy
from talenta.core.audit import audit_record
from talenta.merit import evidence as ev
from talenta.merit import questionnaire as qn
from talenta.merit.models import Answer, Assessment, Evidence, Questionnaire
from talenta.people.models import Instansi

DRAFT, SUBMITTED, REVIEWED = Assessment.Status.DRAFT, Assessment.Status.SUBMITTED, Assessment.Status.REVIEWED
MAX_BYTES_DEFAULT = 10 * 1024 * 1024
# Accepted evidence: extension → (content type, the file's first bytes). Office files are zip or OLE.
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".png": ("image/png", (b"\x89PNG",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (_ZIP,)),
    ".doc": ("application/msword", (_OLE,)),
    ".xls": ("application/vnd.ms-excel", (_OLE,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (_ZIP,)),
}


def _actor(by: Any) -> str:
    return getattr(by, "username", "") or "system"


def max_bytes() -> int:
    return int(getattr(settings, "MERIT_EVIDENCE_MAX_BYTES", MAX_BYTES_DEFAULT))


# ------------------------------------------------------------------------------------ questionnaire


@dataclass
class LoadReport:
    questionnaire: Questionnaire | None
    problems: list[qn.Problem]
    questions: int = 0


@transaction.atomic
def questionnaire_load(
    *, parsed: qn.Parsed, by: Any = None, dry_run: bool = False, make_current: bool = True
) -> LoadReport:
    """Store a checked questionnaire version (all or nothing). A version already stored with the same
    content is kept as it is; the same version with other content is refused (assessments cite it).

    Loaded by a user (the Admin's screen), the version is his instansi's own and becomes its current one;
    other instansi keep theirs. Loaded without a user (the command line), it is the national version."""
    instansi_id = None
    if by is not None:
        policy.require(by, "merit.questionnaire")
        instansi_id = by.instansi_id
    n = sum(len(a["questions"]) for a in parsed.data.get("aspects", []))
    if parsed.problems:
        return LoadReport(None, parsed.problems, n)
    version = parsed.data["version"]
    existing = Questionnaire.objects.filter(instansi_id=instansi_id, version=version).first()
    if existing is not None and existing.sha256 != parsed.sha256:
        message = _("version %(v)s is already stored with other content: give it a new version.")
        problem = qn.Problem(_("file"), "version", message % {"v": version})
        return LoadReport(None, [problem], n)
    if dry_run:
        return LoadReport(existing, [], n)
    if existing is None:
        if make_current:
            Questionnaire.objects.filter(instansi_id=instansi_id, is_current=True).update(is_current=False)
        existing = Questionnaire.objects.create(
            instansi_id=instansi_id,
            version=version,
            title=parsed.data["title"],
            data=parsed.data,
            sha256=parsed.sha256,
            is_current=make_current,
            loaded_by=_actor(by),
        )
        audit_record(
            actor=by,
            action="merit.questionnaire_load",
            target=existing,
            changes={"version": version, "sha256": parsed.sha256, "questions": n},
        )
    return LoadReport(existing, [], n)


def questionnaires_for(instansi_id: int | None) -> Any:
    """The versions an instansi may see and use: the national ones and its own."""
    return Questionnaire.objects.filter(Q(instansi__isnull=True) | Q(instansi_id=instansi_id))


def questionnaire_current(instansi_id: int | None = None) -> Questionnaire:
    """The instansi's own current version, else the national one; the shipped one is loaded on first use."""
    own = (
        Questionnaire.objects.filter(instansi_id=instansi_id, is_current=True).first()
        if instansi_id is not None
        else None
    )
    if own is not None:
        return own
    q = Questionnaire.objects.filter(instansi__isnull=True, is_current=True).first()
    if q is None:
        report = questionnaire_load(parsed=qn.read_json(qn.shipped().read_bytes()))
        q = report.questionnaire
        assert q is not None, report.problems  # the shipped file is checked by a test
    return q


# ------------------------------------------------------------------------------------- assessment


def _auto_answers(assessment: Assessment, today: date) -> dict[str, ev.Computed]:
    return ev.compute(instansi_id=assessment.instansi_id, year=assessment.year, today=today)


@transaction.atomic
def assessment_create(
    *, instansi: Instansi, year: int, by: Any = None, today: date | None = None
) -> Assessment:
    if by is not None:
        policy.require(by, "merit.answer")
    if Assessment.objects.filter(instansi=instansi, year=year).exists():
        raise ValidationError(
            _("There is already a self-assessment for %(year)s.") % {"year": year}, code="duplicate"
        )
    q = questionnaire_current(instansi.pk)
    a = Assessment.objects.create(instansi=instansi, year=year, questionnaire=q, created_by=_actor(by))
    Answer.objects.bulk_create(
        [Answer(assessment=a, code=item["code"], order=i) for i, item in enumerate(q.questions())]
    )
    audit_record(
        actor=by, action="merit.assessment_create", target=a, changes={"year": year, "version": q.version}
    )
    _compute(a, by=by, today=today or timezone.localdate())
    return a


def _compute(a: Assessment, *, by: Any, today: date) -> int:
    auto = {item["code"]: item["auto"] for item in a.questionnaire.questions() if item["auto"]}
    computed = _auto_answers(a, today)
    answers = {x.code: x for x in a.answers.filter(code__in=auto)}
    changed = {}
    for code, key in auto.items():
        x, c = answers.get(code), computed.get(key)
        if x is None or c is None:
            continue
        accepted = x.score is not None and x.score == x.proposed_score
        if x.proposed_score != c.score:
            changed[code] = [x.proposed_score, c.score]
        x.proposed_score, x.proposed_evidence = c.score, c.as_json()
        if accepted:  # an accepted proposal follows the new one; an override (with its reason) stays
            x.score = c.score
    Answer.objects.bulk_update(
        list(answers.values()), ["proposed_score", "proposed_evidence", "score", "override_reason"]
    )
    a.computed_at = timezone.now()
    a.save(update_fields=["computed_at"])
    audit_record(actor=by, action="merit.compute", target=a, changes={"proposals": changed})
    return len(answers)


def _editable(a: Assessment) -> None:
    if a.status != DRAFT:
        raise ValidationError(
            _("The self-assessment %(year)s is %(status)s: only a draft can be changed.")
            % {"year": a.year, "status": a.get_status_display()},
            code="status",
        )


@transaction.atomic
def assessment_recompute(*, assessment: Assessment, by: Any, today: date | None = None) -> int:
    policy.require(by, "merit.answer")
    a = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _editable(a)
    return _compute(a, by=by, today=today or timezone.localdate())


@transaction.atomic
def answer_save(
    *, answer: Answer, by: Any, score: int | None, reason: str = "", note: str = "", accept: bool = False
) -> Answer:
    """Accept Talenta's proposal (`accept`) or set a score; a score other than the proposal needs a reason."""
    policy.require(by, "merit.answer")
    x = Answer.objects.select_related("assessment").select_for_update().get(pk=answer.pk)
    _editable(x.assessment)
    if accept:
        if x.proposed_score is None:
            raise ValidationError(
                _("Question %(code)s has no proposal to accept.") % {"code": x.code}, code="manual"
            )
        score, reason = x.proposed_score, ""
    if score is None or not 0 <= score <= 4:
        raise ValidationError(
            _("Question %(code)s: choose a score from 0 to 4.") % {"code": x.code}, code="score"
        )
    reason = reason.strip()
    if x.proposed_score is not None and score != x.proposed_score and not reason:
        raise ValidationError(
            _("Question %(code)s: Talenta proposes %(p)s; give the reason for scoring %(s)s.")
            % {"code": x.code, "p": x.proposed_score, "s": score},
            code="reason",
        )
    before = {"score": x.score, "override_reason": x.override_reason, "note": x.note}
    x.score, x.override_reason, x.note = score, reason if score != x.proposed_score else "", note.strip()
    x.answered_by, x.answered_at = _actor(by), timezone.now()
    x.save(update_fields=["score", "override_reason", "note", "answered_by", "answered_at"])
    after = {"score": x.score, "override_reason": x.override_reason, "note": x.note}
    audit_record(
        actor=by,
        action="merit.answer",
        target=x.assessment,
        target_repr=f"{x.assessment} · {x.code}",
        changes={
            "code": x.code,
            "proposed": x.proposed_score,
            **{k: v for k, v in after.items() if before[k] != v},
        },
        reason=x.override_reason,
    )
    return x


# --------------------------------------------------------------------------------------- evidence


def evidence_dir(instansi_id: int) -> Path:
    return Path(settings.VAR_DIR) / "merit" / str(instansi_id)


def evidence_path(e: Evidence) -> Path:
    return Path(settings.VAR_DIR) / e.path


def check_upload(*, name: str, head: bytes, size: int) -> str:
    """The content type of an acceptable evidence file, from its extension checked against its content."""
    ext = Path(name).suffix.lower()
    if size > max_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": max_bytes() // (1024 * 1024)},
            code="size",
        )
    if ext not in ALLOWED:
        raise ValidationError(
            _("%(name)s: only PDF, images (PNG, JPEG) or office files.") % {"name": name}, code="type"
        )
    content_type, magics = ALLOWED[ext]
    if not any(head.startswith(m) for m in magics):
        raise ValidationError(
            _("%(name)s: the content is not a %(ext)s file.") % {"name": name, "ext": ext}, code="type"
        )
    return content_type


@transaction.atomic
def evidence_add(*, answer: Answer, by: Any, name: str = "", url: str = "", upload: Any = None) -> Evidence:
    """A file (an uploaded file object with .name, .size, .chunks()) or a link, never both."""
    policy.require(by, "merit.answer")
    x = Answer.objects.select_related("assessment").get(pk=answer.pk)
    _editable(x.assessment)
    if bool(upload) == bool(url.strip()):
        raise ValidationError(_("Give either a file or a link."), code="empty")
    e = Evidence(answer=x, uploaded_by=_actor(by))
    target, data = None, b""
    if upload:
        if upload.size > max_bytes():  # refuse before reading it
            check_upload(name=upload.name, head=b"", size=upload.size)
        data = b"".join(upload.chunks())
        e.content_type = check_upload(name=upload.name, head=data[:8], size=len(data))
        e.size, e.sha256 = len(data), hashlib.sha256(data).hexdigest()
        e.name = (name.strip() or Path(upload.name).name)[:200]
        folder = evidence_dir(x.assessment.instansi_id)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{e.sha256[:16]}{Path(upload.name).suffix.lower()}"
        e.path = str(target.relative_to(Path(settings.VAR_DIR)))
    else:
        if not url.strip().lower().startswith(("https://", "http://")):
            raise ValidationError(_("The link must start with https:// or http://."), code="url")
        e.url, e.name = url.strip()[:500], (name.strip() or url.strip())[:200]
    # The file is written before the row (a row never names a missing file) and removed again when the
    # row is not saved: a failure after the write would leave a file no evidence names. A file already
    # there (the same content, named by its hash) belongs to another evidence and stays.
    written = target is not None and not target.exists()
    if target is not None and written:
        target.write_bytes(data)
    try:
        e.save()
        audit_record(
            actor=by,
            action="merit.evidence_add",
            target=x.assessment,
            target_repr=f"{x.assessment} · {x.code}",
            changes={"code": x.code, "name": e.name, "url": e.url, "sha256": e.sha256, "size": e.size},
        )
    except BaseException:
        if written:
            target.unlink(missing_ok=True)
        raise
    return e


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by: Any) -> None:
    policy.require(by, "merit.answer")
    e = Evidence.objects.select_related("answer__assessment").get(pk=evidence.pk)
    _editable(e.answer.assessment)
    audit_record(
        actor=by,
        action="merit.evidence_delete",
        target=e.answer.assessment,
        target_repr=f"{e.answer.assessment} · {e.answer.code}",
        changes={"code": e.answer.code, "name": e.name, "sha256": e.sha256},
    )
    e.delete()  # the file stays: the audit entry names its hash


# --------------------------------------------------------------------------------------- workflow


def missing(a: Assessment) -> list[str]:
    """Why `a` cannot be submitted yet: unanswered questions, and scores above 0 without evidence (Talenta's
    computed evidence counts, unless the score is above what it supports)."""
    out = []
    for x in a.answers.prefetch_related("evidence"):
        if x.score is None:
            out.append(_("%(code)s: not answered.") % {"code": x.code})
            continue
        computed = x.proposed_score is not None and x.score <= x.proposed_score
        if x.score > 0 and not computed and not x.evidence.all():
            out.append(_("%(code)s: a score above 0 needs evidence.") % {"code": x.code})
    return out


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: Any) -> Assessment:
    policy.require(by, "merit.answer")
    a = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _editable(a)
    if problems := missing(a):
        raise ValidationError(problems, code="incomplete")
    a.status, a.submitted_by, a.submitted_at = SUBMITTED, _actor(by), timezone.now()
    a.save(update_fields=["status", "submitted_by", "submitted_at"])
    audit_record(actor=by, action="merit.submit", target=a, changes={"status": [DRAFT, SUBMITTED]})
    return a


@transaction.atomic
def assessment_review(*, assessment: Assessment, by: Any, approve: bool, note: str = "") -> Assessment:
    """The reviewer confirms the submitted self-assessment (→ reviewed) or returns it to draft with a
    note. Four eyes: the one who submitted it cannot review it."""
    policy.require(by, "merit.review")
    a = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if a.status != SUBMITTED:
        raise ValidationError(_("Only a submitted self-assessment can be reviewed."), code="status")
    if by is not None and a.submitted_by == _actor(by):
        raise ValidationError(
            _("You submitted this self-assessment: another person reviews it."), code="four_eyes"
        )
    if not approve and not note.strip():
        raise ValidationError(_("Say why the self-assessment goes back to draft."), code="note")
    a.status = REVIEWED if approve else DRAFT
    a.reviewed_by, a.reviewed_at, a.review_note = _actor(by), timezone.now(), note.strip()
    a.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        actor=by,
        action="merit.review",
        target=a,
        changes={"status": [SUBMITTED, a.status]},
        reason=note.strip(),
    )
    return a
