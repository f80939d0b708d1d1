"""The requirement table as a form (not raw JSON). The keys are those of the stored data
(`RequirementSet.data`, read by placement/rules/eligibility.py); a key the form does not know is kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from talenta.people.models import Predikat
from talenta.people.rules.jabatan import LEVEL_LABELS

EDUCATION = [
    ("", _("no minimum")),
    ("15", "SLTA"),
    ("20", "D-I"),
    ("25", "D-II"),
    ("30", "D-III"),
    ("35", "D-IV / S-1"),
    ("45", "S-2"),
    ("50", "S-3"),
]
TRAINING = [
    ("", _("none")),
    ("pkp", "PKP (Diklat PIM IV)"),
    ("pka", "PKA (Diklat PIM III)"),
    ("pkn2", "PKN Tk. II (Diklat PIM II)"),
    ("pkn1", "PKN Tk. I (Diklat PIM I)"),
]
TRAINING_MISSING = [
    ("manual", _("needs training (never a failure)")),
    ("not_met", _("not met")),
]


def _int(label: Any, help_text: Any = "", required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=0,
        max_value=70,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )


class RequirementForm(forms.Form):
    min_education = forms.ChoiceField(label=_("Minimum education"), choices=EDUCATION, required=False)
    prior_levels = forms.MultipleChoiceField(
        label=_("Previous post levels that qualify"),
        choices=[(str(k), v) for k, v in LEVEL_LABELS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    prior_years = _int(_("Years in the previous level"))
    field_years = _int(_("Years of experience in the field"))
    predikat_years = _int(_("Years of SKP predikat looked at"))
    min_predikat = forms.ChoiceField(label=_("Lowest predikat allowed"), choices=Predikat.choices)
    discipline_years = _int(_("Years without a medium or heavy discipline sentence"))
    max_age = _int(_("Maximum age"), _("Empty: no maximum."), required=False)
    max_age_if_jpt = _int(_("Maximum age for a current JPT holder"), _("Empty: no maximum."), required=False)
    min_years_before_bup = _int(_("Years left before retirement age (BUP)"))
    leadership_training = forms.ChoiceField(label=_("Leadership training"), choices=TRAINING, required=False)
    training_missing = forms.ChoiceField(label=_("Without the training"), choices=TRAINING_MISSING)
    assessment_validity_years = _int(_("Years an assessment stays valid"))
    jpm_min = forms.DecimalField(
        label=_("JPM at least (else not met)"), min_value=0, max_value=100, decimal_places=2
    )
    jpm_good = forms.DecimalField(label=_("JPM for fully met"), min_value=0, max_value=100, decimal_places=2)
    jpt_rules = forms.BooleanField(label=_("JPT rules apply (open selection)"), required=False)
    # RULES.md §3: configurable, off by default; display only (the bands use the unrounded JPM).
    jpm_display_cap = forms.BooleanField(label=_("Show a JPM above 100 as 100"), required=False)
    note = forms.CharField(label=_("Note (e.g. the SK)"), required=False, max_length=200)

    def __init__(self, *args: Any, level: str, current: dict[str, Any], **kwargs: Any) -> None:
        self.level = level
        self.current = current
        kwargs.setdefault("initial", current)
        kwargs.setdefault("prefix", level)
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select form-select-sm")
            elif isinstance(field.widget, forms.TextInput | forms.NumberInput):
                field.widget.attrs.setdefault("class", "form-control form-control-sm")
            if name in ("jpm_min", "jpm_good"):
                field.localize = True
                field.widget.is_localized = True

    def clean(self) -> dict[str, Any]:
        d = super().clean()
        if d.get("jpm_min") is not None and d.get("jpm_good") is not None and d["jpm_min"] > d["jpm_good"]:
            self.add_error("jpm_good", _("Must be at least the minimum JPM."))
        return d

    def data_for_service(self) -> dict[str, Any]:
        """The stored data with this form's values: same keys, same types as before."""
        data = dict(self.current)
        for name, value in self.cleaned_data.items():
            if name == "note":
                continue
            if name in ("jpm_min", "jpm_good"):
                value = float(value)
            elif name == "prior_levels":
                value = list(value)
            if name not in self.current and value in (None, "", False, []):
                continue  # a key the table never had stays absent (the rule's default applies)
            if value is None:
                data.pop(name, None)
                continue
            data[name] = value
        return data
