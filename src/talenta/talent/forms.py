"""The period form: name, as-of date, preset, configuration and the population filter. The rules (known
keys, units of the instansi, finalised periods never change) are the services'; the form only reads."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from talenta.people.models import Employee, Position, Unit


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        depth = max(0, obj.path.count(".") - 1)
        return "\u2003" * depth + obj.name  # an em space per level shows the tree


class PeriodForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    as_of = forms.DateField(
        label=_("As of"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("The as-of date is required (yyyy-mm-dd).")},
    )
    preset = forms.ChoiceField(label=_("Preset"), required=False)
    config = forms.CharField(
        label=_("Configuration (JSON, optional; overrides the preset)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "font-monospace small"}),
    )
    statuses = forms.MultipleChoiceField(
        label=_("Jenis pegawai"),
        choices=Employee.Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: PNS only."),
    )
    levels = forms.MultipleChoiceField(
        label=_("Post levels"),
        choices=Position.Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every level."),
    )
    units = UnitChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Each with every unit below it. None chosen: the whole instansi."),
    )

    def __init__(
        self, *args: Any, instansi_id: int, presets: Any = (), editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The OPDs and the units right below them (a school or a seksi is one choice too many for a list);
        # a deeper unit already in a period's filter stays listed. The service accepts any unit.
        chosen = (kwargs.get("initial") or {}).get("units") or []
        self.fields["units"].queryset = (
            Unit.objects.filter(instansi_id=instansi_id)
            .annotate(path_len=Length("path"))
            .filter(Q(path_len__lte=2 * len(Unit.path_segment(0))) | Q(pk__in=chosen))
            .order_by("path")
        )
        from talenta.talent.models import preset_label

        self.fields["preset"].choices = [
            (p.name, preset_label(p.name, p.verified or p.name == "default")) for p in presets
        ] or [("default", preset_label("default"))]
        if editing:  # the name and the preset belong to the period's identity; the rest may change
            del self.fields["name"]
            del self.fields["preset"]

    def clean_config(self) -> dict[str, Any] | None:
        raw = self.cleaned_data.get("config", "").strip()
        if not raw:
            return None
        try:
            config = json.loads(raw)
        except json.JSONDecodeError as e:
            raise forms.ValidationError(_("The configuration is not valid JSON: %(e)s") % {"e": e}) from None
        if not isinstance(config, dict):
            raise forms.ValidationError(_("The configuration must be a JSON object."))
        return config

    def population(self) -> dict[str, list[Any]]:
        data = self.cleaned_data
        return {
            "statuses": list(data.get("statuses") or []),
            "levels": list(data.get("levels") or []),
            "unit_ids": [u.pk for u in data.get("units") or []],
        }

    @staticmethod
    def initial_for(period: Any) -> dict[str, Any]:
        pop = period.population or {}
        return {
            "as_of": period.as_of,
            "config": json.dumps(period.config, indent=1, sort_keys=True),
            "statuses": pop.get("statuses") or ["pns"],
            "levels": pop.get("levels") or [],
            "units": pop.get("unit_ids") or [],
        }
