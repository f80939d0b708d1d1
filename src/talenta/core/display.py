"""The one display layer: how a value reads to a person, in templates, PDFs, charts and exports.

Dates read "26 Januari 2026", times "26 Januari 2026 08.15 WIB" (always in the instansi's time zone,
never UTC), numbers "1.234,5", percentages rounded half up ("99,5%" never comes from truncation), and a
stored code ("di_bawah", "siap_sekarang", "auth.login") reads as its label. Templates use the filters in
`core/templatetags/talenta.py`, which call these functions; Python code (PDFs, chart data, Excel) calls
them directly. `core/textcheck.py` is the test that nothing else reaches a page.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from time import monotonic
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DASH = "–"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
ISO_IN_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)?)?")


def tanggal(value: date | datetime | str | None) -> str:
    """'26 Januari 2026' (or '26 January 2026' in English); '–' for no date."""
    if not value:
        return DASH
    if isinstance(value, str):
        parsed = _parse(value)
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "j F Y")


def waktu(value: datetime | str | None) -> str:
    """'26 Januari 2026 08.15 WIB': local time of the instansi (Asia/Jakarta), never UTC."""
    if not value:
        return DASH
    if isinstance(value, str):
        parsed = _parse(value)
        if not isinstance(parsed, datetime):
            return tanggal(parsed) if parsed else value
        value = parsed
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{date_format(value, 'j F Y H.i')} {tz_abbrev()}"


def tz_abbrev() -> str:
    name = timezone.get_current_timezone_name()
    return {
        "Asia/Jakarta": "WIB",
        "Asia/Pontianak": "WIB",
        "Asia/Makassar": "WITA",
        "Asia/Jayapura": "WIT",
    }.get(name, name)


def _parse(value: str) -> date | datetime | None:
    try:
        if ISO_DATETIME.match(value):
            dt = datetime.fromisoformat(value)
            return timezone.make_aware(dt) if timezone.is_naive(dt) else dt
        if ISO_DATE.match(value):
            return date.fromisoformat(value)
    except ValueError:
        return None
    return None


def rounded(value: int | float | Decimal | str, digits: int = 0) -> Decimal:
    """Half up, as people round (98,148 → 98,15); float noise never decides the last digit."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def angka(value: int | float | Decimal | str | None, digits: int = 0) -> str:
    """Numbers with the active language's separators: 12.345 and 84,20 in Indonesian."""
    if value is None or value == "":
        return DASH
    try:
        r = rounded(value, digits)
    except (InvalidOperation, ValueError):
        return str(value)
    # Python formats with "," and "." and the language's separators are swapped in: the same text as
    # Django's number_format(use_l10n, force_grouping) at a fraction of its cost (a ranking page formats
    # some 700 numbers; tests/core/test_display_numbers.py checks the two agree).
    if not r:
        r = abs(r)  # "-0" reads "0"
    decimal_sep, thousand_sep = _separators(translation.get_language() or settings.LANGUAGE_CODE)
    return f"{r:,.{max(digits, 0)}f}".translate({ord(","): thousand_sep, ord("."): decimal_sep})


@cache
def _separators(language: str) -> tuple[str, str]:
    """The decimal and thousand separators of `language` (Django's format files)."""
    return (
        formats.get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        formats.get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
    )


def persen(part: int | float | Decimal | None, whole: int | float | Decimal | None, digits: int = 1) -> str:
    """A share of a whole, rounded half up: "99,5%". '–' when there is no whole."""
    if not whole:
        return DASH
    return f"{angka(Decimal(str(part or 0)) * 100 / Decimal(str(whole)), digits)}%"


def shares(counts: Iterable[int], digits: int = 1) -> list[Decimal]:
    """Percentages of a total that add up to exactly 100 (largest remainder), for tables with a total row."""
    counts = list(counts)
    total = sum(counts)
    if not total:
        return [Decimal(0) for _ in counts]
    unit = Decimal(1).scaleb(-digits)
    exact = [Decimal(c) * 100 / total for c in counts]
    floors = [e.quantize(unit, rounding="ROUND_FLOOR") for e in exact]
    left = int((Decimal(100) - sum(floors)) / unit)
    for i in sorted(range(len(counts)), key=lambda i: exact[i] - floors[i], reverse=True)[:left]:
        floors[i] += unit
    return floors


def ya_tidak(value: bool | None) -> str:
    if value is None:
        return DASH
    return _("Yes") if value else _("No")


# ------------------------------------------------------------------------------------- codes → labels
# Codes that are not a model field's choice (rule outputs, evidence keys); choices come from the models.
EXTRA_LABELS: dict[str, Any] = {
    "lowest": gettext_lazy("the lowest year counts"),
    "latest": gettext_lazy("the latest year counts"),
    "mean": gettext_lazy("the mean of the years"),
    "highest": gettext_lazy("highest"),
    "average": gettext_lazy("average"),
    "predikat": gettext_lazy("from the SKP predikat"),
    "rating_hasil_kerja": gettext_lazy("from the work-result rating"),
    "current_post": gettext_lazy("standard of the current post"),
    "assessment": gettext_lazy("standard of the assessment"),
    "predikat_years": gettext_lazy("years of predikat"),
    "rejected": gettext_lazy("rejected"),
    "unchanged": gettext_lazy("unchanged"),
    "created": gettext_lazy("new"),
    "updated": gettext_lazy("updated"),
    "default": gettext_lazy("standard"),
    "kepka411": gettext_lazy("Kepka BKN 41/2011 (to verify)"),
}


# Labels a higher app offers (core imports no app above it): people registers its post levels.
REGISTERED_LABELS: dict[str, Any] = {}


def register_labels(labels: dict[Any, Any]) -> None:
    REGISTERED_LABELS.update({str(k): v for k, v in labels.items()})


@cache
def _choice_labels() -> dict[str, Any]:
    labels: dict[str, Any] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and value and not isinstance(label, (list, tuple)):
                    labels.setdefault(value, label)
    return labels


def label(code: Any) -> str:
    """The label of a stored code: 'di_bawah' → 'Di bawah ekspektasi'. Anything else as it is."""
    if code is None or code == "":
        return DASH
    if not isinstance(code, str):
        return str(code)
    found = EXTRA_LABELS.get(code) or REGISTERED_LABELS.get(code) or _choice_labels().get(code)
    if found is not None:
        return str(found)
    if "_" in code and code == code.lower() and " " not in code:
        return code.replace("_", " ").capitalize()
    return code


def value(v: Any) -> str:
    """Any stored value (an audit change, an evidence parameter) as a person reads it."""
    if v is None or v == "":
        return DASH
    if isinstance(v, bool):
        return ya_tidak(v)
    if isinstance(v, datetime):
        return waktu(v)
    if isinstance(v, date):
        return tanggal(v)
    if isinstance(v, int | float | Decimal):
        digits = 0 if isinstance(v, int) or v == int(v) else 2
        return angka(v, digits)
    if isinstance(v, list | tuple):
        return ", ".join(value(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{field_label('', k)}: {value(x)}" for k, x in v.items())
    s = str(v)
    if ISO_DATETIME.match(s):
        return waktu(s)
    if ISO_DATE.match(s):
        return tanggal(s)
    return label(s)


# ----------------------------------------------------------------------------------------- audit log
ACTIONS: dict[str, Any] = {
    "auth.login": gettext_lazy("signed in"),
    "auth.login_failed": gettext_lazy("failed to sign in"),
    "auth.logout": gettext_lazy("signed out"),
    "user.create": gettext_lazy("created the user"),
    "user.update": gettext_lazy("changed the user"),
    "user.activate": gettext_lazy("activated or deactivated the user"),
    "user.reset_password": gettext_lazy("reset the password of"),
    "token.create": gettext_lazy("created an API token"),
    "token.revoke": gettext_lazy("revoked an API token"),
    "people.position_change": gettext_lazy("changed the post of"),
    "siasn.import": gettext_lazy("imported SIASN data"),
    "siasn.update": gettext_lazy("updated from SIASN"),
    "siasn.export": gettext_lazy("prepared a SIASN export"),
    "siasn.export.download": gettext_lazy("downloaded a SIASN export"),
    "profiling.assessments_import": gettext_lazy("imported assessment results"),
    "profiling.attendance_mark": gettext_lazy("recorded attendance of"),
    "profiling.campaign_create": gettext_lazy("created the campaign"),
    "profiling.campaign_schedule": gettext_lazy("scheduled the campaign"),
    "profiling.demo_seed": gettext_lazy("filled the demo campaign"),
    "profiling.participant_constraints": gettext_lazy("set scheduling constraints of"),
    "profiling.participants_constraints": gettext_lazy("set scheduling constraints"),
    "profiling.participant_move": gettext_lazy("moved to another wave"),
    "profiling.participant_remove": gettext_lazy("removed from the campaign"),
    "profiling.participants_add": gettext_lazy("added participants"),
    "talent.calibration_propose": gettext_lazy("proposed a calibration for"),
    "talent.calibration_confirm": gettext_lazy("confirmed the calibration of"),
    "talent.calibration_reject": gettext_lazy("rejected the calibration of"),
    "talent.committee_set": gettext_lazy("set the committee member"),
    "talent.critical_set": gettext_lazy("marked critical or not"),
    "talent.idp_add": gettext_lazy("added a development action for"),
    "talent.idp_comment": gettext_lazy("commented the development plan of"),
    "talent.idp_edit": gettext_lazy("edited the development plan of"),
    "talent.idp_generate": gettext_lazy("drew up the development plan of"),
    "talent.idp_progress": gettext_lazy("recorded development progress of"),
    "talent.period_configure": gettext_lazy("configured the mapping period"),
    "talent.period_create": gettext_lazy("created the mapping period"),
    "talent.period_finalise": gettext_lazy("finalised the mapping period"),
    "talent.period_run": gettext_lazy("ran the mapping period"),
    "talent.successor_add": gettext_lazy("added a successor to"),
    "talent.successor_remove": gettext_lazy("removed a successor from"),
    "placement.batch_apply": gettext_lazy("applied the installation batch"),
    "placement.batch_create": gettext_lazy("created the installation batch"),
    "placement.decide": gettext_lazy("decided"),
    "placement.plan": gettext_lazy("planned the filling of"),
    "placement.process_open": gettext_lazy("opened the filling of"),
    "placement.propose": gettext_lazy("proposed candidates for"),
    "placement.rank": gettext_lazy("ranked candidates for"),
    "placement.recommend": gettext_lazy("recommended for"),
    "placement.requirements_update": gettext_lazy("changed the requirement table"),
}

FIELDS: dict[str, Any] = {
    "user": gettext_lazy("user"),
    "is_chair": gettext_lazy("chair"),
    "title": gettext_lazy("title"),
    "position": gettext_lazy("post"),
    "unit": gettext_lazy("unit"),
    "tmt_jabatan": gettext_lazy("TMT of post"),
    "period": gettext_lazy("period"),
    "box": gettext_lazy("box"),
    "actions": gettext_lazy("actions"),
    "computed_box": gettext_lazy("computed box"),
    "calibrated_box": gettext_lazy("calibrated box"),
    "note": gettext_lazy("note"),
    "nip": "NIP",
    "readiness": gettext_lazy("readiness"),
    "kind": gettext_lazy("kind"),
    "employee": gettext_lazy("employee"),
    "mapping_finalised": gettext_lazy("mapping final"),
    "role": gettext_lazy("role"),
    "is_active": gettext_lazy("active"),
    "email": gettext_lazy("email"),
    "full_name": gettext_lazy("full name"),
    "reason": gettext_lazy("reason"),
    "status": gettext_lazy("status"),
    "sk": "SK",
    "sk_number": gettext_lazy("SK number"),
    "sk_date": gettext_lazy("SK date"),
}
# Evidence that only an Auditor's evidence view shows (hashes, internal ids).
EVIDENCE_KEYS = {"snapshot_sha256", "hash", "sha256", "id", "pk", "decisions"}


def text(s: str | None) -> str:
    """A stored free text (an audit entry's record name, a reason) with its ISO dates and codes read:
    'SK 1/2026 (2026-01-26)' → 'SK 1/2026 (26 Januari 2026)', 'penetapan_kembali' → 'Penetapan kembali'."""
    if not s:
        return ""
    s = ISO_IN_TEXT.sub(lambda m: value(m[0]), s)
    # A decimal with a dot ("3.7 < 4", "0.0 tahun") reads with a comma; an SK number "821.2/Kep" stays.
    # One or two decimals only: "1.337" in an Indonesian text is a thousand, not a decimal.
    s = re.sub(r"(?<![\d.,/])\d+\.\d{1,2}(?![\d./])", lambda m: angka(m[0], len(m[0].split(".")[1])), s)
    return re.sub(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])", lambda m: label(m[0]), s)


def action_label(action: str) -> str:
    found = ACTIONS.get(action)
    if found is not None:
        return str(found)
    return label(action.rsplit(".", 1)[-1])


def model_label(target_type: str) -> str:
    """'people.employee' → 'pegawai' (the model's verbose name)."""
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return label(target_type.rsplit(".", 1)[-1]) if target_type else ""


def field_label(target_type: str, key: str) -> str:
    if key in FIELDS:
        return str(FIELDS[key])
    try:
        return str(apps.get_model(target_type)._meta.get_field(key).verbose_name)
    except (LookupError, ValueError, Exception):
        return key.replace("_", " ")


# Keys whose stored value is another record's id: shown by that record's name (`names`).
REFERENCES = {"position": "people.position", "unit": "people.unit"}


def referenced_ids(changes_list: Iterable[dict[str, Any] | None]) -> dict[str, set[int]]:
    """{model: {ids}} named in a page of audit changes, so the view resolves them in one query each."""
    out: dict[str, set[int]] = {}

    def walk(d: dict[str, Any]) -> None:
        for k, v in d.items():
            if isinstance(v, dict):
                walk(v)
            elif k in REFERENCES:
                for x in v if isinstance(v, list) else [v]:
                    if isinstance(x, int):
                        out.setdefault(REFERENCES[k], set()).add(x)

    for c in changes_list:
        if c:
            walk(c)
    return out


def audit_changes(
    target_type: str, changes: dict[str, Any] | None, names: dict[tuple[str, int], str] | None = None
) -> list[tuple[str, str, str | None]]:
    """[(field, before, after)] (after None: a plain value, not a change). The stored shapes are
    {field: [before, after]}, {"before": {...}, "after": {...}} and {field: value}."""
    if not changes:
        return []
    names = names or {}

    def show(k: str, v: Any) -> str:
        if k in REFERENCES and isinstance(v, int):
            return names.get((REFERENCES[k], v), DASH)
        return value(v)

    rows: list[tuple[str, str, str | None]] = []
    if set(changes) == {"before", "after"} and all(isinstance(v, dict) for v in changes.values()):
        before, after = changes["before"], changes["after"]
        for k in [*before, *(k for k in after if k not in before)]:
            if k in EVIDENCE_KEYS:
                continue
            rows.append((field_label(target_type, k), show(k, before.get(k)), show(k, after.get(k))))
        return rows
    for k, v in changes.items():
        if k in EVIDENCE_KEYS:
            continue
        if isinstance(v, list) and len(v) == 2:
            rows.append((field_label(target_type, k), show(k, v[0]), show(k, v[1])))
        else:
            rows.append((field_label(target_type, k), show(k, v), None))
    return rows


# People who acted. A record keeps the username of the account that acted (`created_by`, `decided_by` …):
# fixed when the account is made, and an account is deactivated, not removed, so it names the same account
# for good. A person reads the name of whom it names instead.
_ACTORS = threading.local()
ACTOR_MEMO_SECONDS = 60.0  # a thread that serves no request (a background job) looks a name up again after


def person(user: Any) -> str:
    """A user as the person he is: his employee's name when the account is linked to one, else the full name
    on his account, else his username; "–" for nobody."""
    if not user:
        return DASH
    if user.employee_id:
        return user.employee.full_name
    return user.get_full_name() or user.username


def forget_actors(**_kwargs: Any) -> None:
    """Every request reads the actors' names afresh (connected to `request_started`)."""
    _ACTORS.names = {}


def actor(username: str | None, nobody: str = DASH) -> str:
    """The person a stored username names (`person`), or the username as stored when no account has it any
    more; `nobody` for none. One query per username and request, however often a page names him."""
    if not username:
        return nobody
    names = getattr(_ACTORS, "names", None)
    if names is None:
        names = _ACTORS.names = {}
    now = monotonic()
    hit = names.get(username)
    if hit is not None and now - hit[1] < ACTOR_MEMO_SECONDS:
        return hit[0]
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_related("employee").filter(username=username).first()
    name = person(user) if user is not None else username
    names[username] = (name, now)
    return name
