"""Filter forms of the screens: labelled fields (keyboard and screen-reader friendly), validated input."""

from __future__ import annotations

from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from talenta.people.models import Employee, Position, Unit
from talenta.people.rules.jabatan import GOLONGAN, LEVEL_LABELS
from talenta.people.selectors import EMPLOYEE_SORTS
from talenta.people.tables import education_levels

# Position.Level's functional TextChoices on main maps labels, not values: build the choices here.
LEVEL_CHOICES = [(lvl.value, label) for lvl, label in LEVEL_LABELS.items()]

AGE_BAND_LABELS = {
    "le30": _("30 or younger"),
    "31-40": _("31–40"),
    "41-50": _("41–50"),
    "51-60": _("51–60"),
    "gt60": _("over 60"),
}
SORT_LABELS = {
    "name": _("Name A–Z"),
    "-name": _("Name Z–A"),
    "nip": _("NIP ascending"),
    "-nip": _("NIP descending"),
    "golongan": _("Golongan, lowest first"),
    "-golongan": _("Golongan, highest first"),
    "age": _("Youngest first"),
    "-age": _("Oldest first"),
    "unit": _("Unit"),
    "-unit": _("Unit, reversed"),
}
ANY = [("", _("All"))]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.short_name or obj.name

    def option_pairs(self) -> list[tuple[object, str]]:
        """(value, label) of each option, from plain values: the filter's OPD list without a model
        instance per unit (the same labels as label_from_instance)."""
        rows = self.queryset.values_list("pk", "short_name", "name")
        head = [("", self.empty_label)] if self.empty_label is not None else []
        return head + [(pk, short or name) for pk, short, name in rows]


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or NIP"), required=False, max_length=100)
    opd = UnitChoiceField(label=_("OPD"), queryset=Unit.objects.none(), required=False, empty_label=_("All"))
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, widget=forms.HiddenInput)
    golongan = forms.ChoiceField(
        label=_("Golongan"), required=False, choices=ANY + [(k, v[0]) for k, v in GOLONGAN.items()]
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=ANY + LEVEL_CHOICES)
    kind = forms.ChoiceField(label=_("Post kind"), required=False, choices=ANY + Position.Kind.choices)
    education = forms.ChoiceField(
        label=_("Education"), required=False, choices=lambda: ANY + list(education_levels().items())
    )
    age = forms.ChoiceField(label=_("Age"), required=False, choices=ANY + list(AGE_BAND_LABELS.items()))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + Employee.Status.choices)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=ANY + Employee.Sex.choices)
    profiled = forms.ChoiceField(
        label=_("Profiling"),
        required=False,
        choices=[*ANY, ("1", _("Valid assessment")), ("0", _("No valid assessment"))],
    )
    retire = forms.RegexField(regex=r"^(\d{4}-\d{2}|\d{1,3})$", required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[(k, SORT_LABELS[k]) for k in EMPLOYEE_SORTS]
    )

    def __init__(self, *args: object, units: QuerySet[Unit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = units.filter(pk=F("opd_id")).defer("raw").order_by("name")
        self.fields["unit"].queryset = units

    def filters(self) -> dict[str, object]:
        """Cleaned filters for `selectors.employee_list` (an invalid field is simply ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        out = {
            k: data.get(k) or ""
            for k in (
                "q",
                "golongan",
                "level",
                "kind",
                "education",
                "age",
                "status",
                "sex",
                "profiled",
                "retire",
            )
        }
        out["sort"] = data.get("sort") or "name"
        out["unit"] = data.get("unit")
        out["opd"] = data.get("opd")
        return out


class PositionFilterForm(forms.Form):
    q = forms.CharField(label=_("Post name"), required=False, max_length=100)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, widget=forms.HiddenInput)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=ANY + LEVEL_CHOICES)
    kind = forms.ChoiceField(label=_("Post kind"), required=False, choices=ANY + Position.Kind.choices)
    vacant = forms.BooleanField(label=_("Vacant"), required=False)
    acting = forms.BooleanField(label=_("Held by a Plt/Plh"), required=False)
    critical = forms.BooleanField(label=_("Critical"), required=False)
    vacating = forms.TypedChoiceField(
        label=_("Vacating within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[*ANY, (6, _("6 months")), (12, _("12 months")), (24, _("24 months"))],
    )

    def __init__(self, *args: object, units: QuerySet[Unit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def filters(self) -> dict[str, object]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": data.get("q") or "",
            "unit": data.get("unit"),
            "level": data.get("level") or "",
            "kind": data.get("kind") or "",
            "vacant": bool(data.get("vacant")),
            "acting": bool(data.get("acting")),
            "critical": bool(data.get("critical")),
            "vacating_months": data.get("vacating"),
        }
