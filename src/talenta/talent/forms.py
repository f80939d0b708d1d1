"""The period form: name, as-of date, preset, configuration and the population filter. The rules (known
keys, units of the instansi, finalised periods never change) are the services'; the form only reads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from talenta.core.forms import ModelMultipleIdsField
from talenta.people.models import Employee, Position, Unit
from talenta.talent.rules import config as cfg
from talenta.talent.rules.ninebox import LABELS, READINESS_LABELS

# The configuration of a period as form fields (issue #15: no JSON to type). Each is a key of
# `MappingConfig`; the weights, the bands and the readiness of each box are fields of their own.
_INT = {"min_value": 0, "widget": forms.NumberInput(attrs={"class": "form-control", "step": "1"})}


def _decimal(label: Any, *, required: bool = True, max_value: int | None = None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=max_value,
        max_digits=7,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )


def config_fields() -> dict[str, forms.Field]:
    select = {"widget": forms.Select(attrs={"class": "form-select"})}
    fields: dict[str, forms.Field] = {
        "cfg_performance_source": forms.ChoiceField(
            label=_("Performance from"),
            choices=[
                ("predikat", _("the SKP predikat")),
                ("rating_hasil_kerja", _("the work-result rating")),
            ],
            **select,
        ),
        "cfg_performance_years": forms.IntegerField(
            label=_("SKP years read"), max_value=3, **{**_INT, "min_value": 1}
        ),
        "cfg_performance_combine": forms.ChoiceField(
            label=_("Over those years"),
            choices=[
                ("lowest", _("the lowest year counts")),
                ("latest", _("the latest year counts")),
                ("mean", _("the mean of the years")),
            ],
            **select,
        ),
        "cfg_jpm_standard": forms.ChoiceField(
            label=_("JPM against the standard of"),
            choices=[("current_post", _("the current post")), ("assessment", _("the assessment"))],
            **select,
        ),
        "cfg_assessment_validity_years": forms.IntegerField(
            label=_("An assessment is valid for (years)"), **{**_INT, "min_value": 1}
        ),
    }
    for key, label in (
        ("jpm", _("Weight of the JPM")),
        ("potential", _("Weight of the potential test")),
        ("track_record", _("Weight of the track record")),
        ("qualification", _("Weight of the qualification")),
        ("integrity", _("Weight of integrity")),
    ):
        fields[f"cfg_w_{key}"] = _decimal(label, max_value=1)
    fields["cfg_band_tinggi"] = _decimal(_("Potential 'tinggi' from score"), max_value=200)
    fields["cfg_band_menengah"] = _decimal(_("Potential 'menengah' from score"), max_value=200)
    fields["cfg_jpm_score_cap"] = _decimal(_("Cap of the JPM in the score (empty: none)"), required=False)
    fields["cfg_jpm_display_cap"] = forms.BooleanField(
        label=_("Show a JPM above 100 as 100"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    fields["cfg_distribution_max_baik_share"] = _decimal(_("Largest share rated Baik in an OPD"), max_value=1)
    for key, label in (
        ("training_hours_target", _("Training hours expected")),
        ("training_years", _("Training counted over (years)")),
        ("post_years_target", _("Years in post for full marks")),
        ("integrity_years", _("Discipline counted over (years)")),
    ):
        fields[f"cfg_{key}"] = forms.IntegerField(label=label, **_INT)
    fields["cfg_performance_reinforcing_weight"] = _decimal(
        _("Weight of the reinforcing performance"), max_value=1
    )
    for box in range(9, 0, -1):
        fields[f"cfg_ready_{box}"] = forms.ChoiceField(
            label=_("Readiness of box %(box)d (%(label)s)") % {"box": box, "label": LABELS[box]},
            choices=list(READINESS_LABELS.items()),
            **select,
        )
    return fields


def config_initial(config: cfg.MappingConfig) -> dict[str, Any]:
    d = config.to_dict()
    out: dict[str, Any] = {f"cfg_{k}": d[k] for k in _PLAIN}
    out.update({f"cfg_w_{k}": d["weights"].get(k, 0) for k in cfg.WEIGHT_KEYS})
    out.update({f"cfg_band_{k}": v for k, v in d["potential_bands"].items()})
    out.update({f"cfg_ready_{k}": v for k, v in d["readiness"].items()})
    return out


_PLAIN = (
    "performance_source",
    "performance_years",
    "performance_combine",
    "jpm_standard",
    "assessment_validity_years",
    "jpm_score_cap",
    "jpm_display_cap",
    "distribution_max_baik_share",
    "training_hours_target",
    "training_years",
    "post_years_target",
    "integrity_years",
    "performance_reinforcing_weight",
)


def _number(v: Any) -> Any:
    return float(v) if isinstance(v, Decimal) else v


class UnitChoiceField(ModelMultipleIdsField):
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
        self,
        *args: Any,
        instansi_id: int,
        presets: Any = (),
        editing: bool = False,
        base: cfg.MappingConfig | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The configuration is edited on a period's own page, over its preset (`base`): a new period
        # starts from the preset it names.
        self.base = base
        if base is not None:
            self.fields.update(config_fields())
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

    def config_field_list(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("cfg_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["config"] = None
        if self.base is None or any(k.startswith("cfg_") for k in self.errors):
            return data
        wanted: dict[str, Any] = {k: _number(data.get(f"cfg_{k}")) for k in _PLAIN}
        wanted["weights"] = {k: float(data[f"cfg_w_{k}"]) for k in cfg.WEIGHT_KEYS if data.get(f"cfg_w_{k}")}
        wanted["potential_bands"] = {k: float(data[f"cfg_band_{k}"]) for k in ("tinggi", "menengah")}
        wanted["readiness"] = {str(b): data[f"cfg_ready_{b}"] for b in range(1, 10)}
        try:
            cfg.config_from_dict(wanted, base=self.base)
        except (cfg.ConfigError, TypeError, ValueError) as e:
            self.add_error(None, str(e))
            return data
        # Stored as what differs from the preset, as the period's `config` always was.
        base = self.base.to_dict()
        data["config"] = {k: v for k, v in wanted.items() if v != base[k]} or None
        return data

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
            **config_initial(cfg.config_from_dict(period.config, base=cfg.preset(period.preset))),
            "statuses": pop.get("statuses") or ["pns"],
            "levels": pop.get("levels") or [],
            "units": pop.get("unit_ids") or [],
        }
