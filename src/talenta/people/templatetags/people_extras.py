"""Labels of BKN codes for the people templates."""

from __future__ import annotations

from django import forms, template

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


# A fixed list of choices as HTML, per form, field, language and values: the same ~60 options on every
# list page.
_fixed_options: dict[tuple, str] = {}


@register.simple_tag
def options(field) -> str:
    """The <option>s of a filter field, built in one pass: the list page has ~100 of them, and a template
    loop per option was most of its render time. A field with fixed choices is built once per language
    and only the `selected` mark is placed per request; a field over the database (the OPDs of the user's
    scope) lists `option_pairs()` when it has them (plain values, no model instances)."""
    from django.utils.choices import CallableChoiceIterator
    from django.utils.html import escape, format_html_join
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    current = "" if field.value() is None else str(field.value())
    choices = field.field.choices
    fixed = not isinstance(field.field, forms.ModelChoiceField) and not isinstance(
        choices, CallableChoiceIterator
    )
    # The values are in the key: a form that sets other choices on an instance gets its own entry.
    key = (type(field.form), field.name, get_language(), tuple(v for v, _ in choices)) if fixed else None
    html = _fixed_options.get(key) if fixed else None
    if html is None:
        pairs = field.field.option_pairs() if hasattr(field.field, "option_pairs") else choices
        html = format_html_join("", '<option value="{}">{}</option>', ((v, label) for v, label in pairs))
        if fixed:
            _fixed_options[key] = html
    mark = f'<option value="{escape(current)}">'
    # The mark and its replacement are built from escaped text only: the result stays safe HTML.
    return mark_safe(html.replace(mark, mark[:-1] + " selected>", 1))  # noqa: S308
