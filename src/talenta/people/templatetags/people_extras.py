"""Labels of BKN codes for the people templates."""

from __future__ import annotations

from django import template

from talenta.people import tables

register = template.Library()


@register.filter
def golongan(code: str) -> str:
    """'33' → 'III/c'."""
    return tables.golongan_label(code)


@register.filter
def pangkat(code: str) -> str:
    """'33' → 'Penata'."""
    return tables.pangkat_label(code)


@register.filter
def pendidikan(code: str) -> str:
    """'40' → 'S-1/Sarjana'."""
    return tables.education_label(code)


@register.filter
def masa(value: tuple[int, int] | None) -> str:
    """(12, 3) → '12 th 3 bl' (Indonesian) / '12 y 3 m' (English)."""
    from django.utils.translation import gettext as _

    if not value:
        return "–"
    return _("%(y)s y %(m)s m") % {"y": value[0], "m": value[1]}


@register.filter
def umur(birth_date, today) -> str:
    """Age in completed years on `today`."""
    from talenta.people.rules.dates import full_years

    value = full_years(birth_date, today) if birth_date and today else None
    return "–" if value is None else str(value)


@register.filter
def jenjang(code: str | None) -> str:
    """A post level's label: 'jf_ahli_muda' → 'JF Ahli Muda'."""
    return tables.level_label(code)


@register.filter
def eselon(code: str | None) -> str:
    """SIASN eselon id → its name: '21' → 'II.a'."""
    from talenta.people.rules.jabatan import ESELON_NAME

    return ESELON_NAME.get(code or "", code or "–")


@register.simple_tag
def options(field) -> str:
    """The <option>s of a filter field, built in one pass: the list page has ~100 of them, and a template
    loop per option was most of its render time."""
    from django.utils.html import format_html_join

    current = "" if field.value() is None else str(field.value())
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((v, " selected" if str(v) == current else "", label) for v, label in field.field.choices),
    )
