"""Forms of the profiling screens."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from talenta.core.forms import ModelMultipleIdsField
from talenta.core.uploads import check_upload
from talenta.people.models import Instansi, Position, Unit
from talenta.people.rules import jabatan as jr
from talenta.profiling.imports import read_sheet
from talenta.profiling.models import Assessment, Campaign
from talenta.profiling.rules.jpm import JPM_MAPPING_BANDS
from talenta.profiling.rules.scheduling import SchedulingError, parse_slots
from talenta.profiling.services import Criteria


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value: Any) -> str | None:
        return value.isoformat() if hasattr(value, "isoformat") else value


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            css = "form-select" if isinstance(w, forms.Select | forms.SelectMultiple) else "form-control"
            w.attrs.setdefault("class", css)


def _jpm_band(label: Any, initial: Any, help_text: Any = "") -> forms.DecimalField:
    """A lower bound of RULES.md §3's JPM mapping bands: a decimal in the reader's notation (85,5 in
    Indonesian); left empty, the default."""
    return forms.DecimalField(
        label=label,
        min_value=1,
        max_value=1000,
        decimal_places=2,
        initial=initial,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=help_text,
    )


class CampaignForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    organiser = forms.CharField(label=_("Organiser"), max_length=200, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    end_date = forms.DateField(label=_("End date"), widget=DateInput)
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Assessment.Instrument.choices)
    standard_level = forms.IntegerField(
        label=_("Competency standard used (one level for all nine)"),
        min_value=1,
        max_value=5,
        required=False,
        help_text=_("Empty: the standard of each participant's post. BKN's computer-assisted test uses 3."),
    )
    retirement_margin_months = forms.IntegerField(
        label=_("Retirement margin (months)"), min_value=0, max_value=120, initial=12
    )
    validity_years = forms.IntegerField(
        label=_("Validity of results (years)"), min_value=1, max_value=10, initial=3
    )
    jpm_optimal = _jpm_band(_("JPM Optimal from"), JPM_MAPPING_BANDS["optimal"])
    jpm_cukup_optimal = _jpm_band(
        _("JPM Cukup Optimal from"),
        JPM_MAPPING_BANDS["cukup_optimal"],
        help_text=_("By default Optimal from 90 and Cukup Optimal from 78; below it, Kurang Optimal."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        # Left empty: RULES.md §3's defaults.
        o = data["jpm_optimal"] = data.get("jpm_optimal") or JPM_MAPPING_BANDS["optimal"]
        c = data["jpm_cukup_optimal"] = data.get("jpm_cukup_optimal") or JPM_MAPPING_BANDS["cukup_optimal"]
        if "jpm_optimal" not in self.errors and "jpm_cukup_optimal" not in self.errors and not c < o:
            self.add_error("jpm_cukup_optimal", _("Cukup Optimal must start below Optimal."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        level = d.pop("standard_level")
        d["standard"] = dict.fromkeys(jr.COMPETENCY_CODES, level) if level else {}
        d["standard_label"] = f"Level {level} untuk kesembilan kompetensi" if level else ""
        return d


SOURCES = (
    ("filter", _("Filters")),
    ("succession", _("Succession candidates of critical posts")),
    ("nips", _("NIP list or uploaded file")),
)


class PartnersForm(forms.Form):
    """The partner instansi of a joint campaign (issue #18): the other instansi of the organiser's region."""

    partners = ModelMultipleIdsField(
        label=_("Partner instansi"),
        queryset=Instansi.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each partner's analis adds and manages only its own people; results stay with each"
            " participant's own instansi."
        ),
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = choices


class SelectForm(StyledForm):
    source = forms.ChoiceField(label=_("Source"), choices=SOURCES, initial="filter")
    opd = forms.TypedMultipleChoiceField(label=_("OPD"), coerce=int, required=False)
    levels = forms.MultipleChoiceField(label=_("Level"), choices=Position.Level.choices, required=False)
    golongan = forms.MultipleChoiceField(
        label=_("Golongan"), choices=[(k, v[0]) for k, v in jr.GOLONGAN.items()], required=False
    )
    age_min = forms.IntegerField(label=_("Minimum age"), min_value=18, max_value=70, required=False)
    age_max = forms.IntegerField(label=_("Maximum age"), min_value=18, max_value=70, required=False)
    not_profiled_years = forms.IntegerField(
        label=_("Not profiled in the last N years"), min_value=1, max_value=10, required=False
    )
    nips = forms.CharField(label=_("NIP list"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    upload = forms.FileField(label=_("Uploaded list (CSV with a nip column)"), required=False)

    def __init__(self, *args: Any, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = list(
            Unit.objects.filter(instansi=instansi, parent__isnull=True)
            .order_by("name")
            .values_list("pk", "name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        nips = [n for n in (data.get("nips") or "").replace(",", " ").split() if n]
        label = ""
        f = data.get("upload")
        if f is not None:
            try:
                check_upload(f, suffixes=(".csv", ".txt"), max_bytes=settings.UPLOAD_MAX_LIST_BYTES)
            except ValidationError as e:
                self.add_error("upload", e)
                f = None
        if f is not None:
            # The results import's reader: a column twice, text not UTF-8, an over-long cell or a row longer
            # than the heading is refused naming the row, not a server error.
            try:
                table = read_sheet(f.name, f.read())
            except ValidationError as e:
                self.add_error("upload", e)
            else:
                if "nip" not in table.header:
                    self.add_error("upload", _("The file needs a column named nip."))
                else:
                    nips += [r["nip"] for _row, r in table.rows if r.get("nip")]
                    label = f"Daftar unggahan {f.name}"[:300]
        if data.get("source") == "nips" and not nips:
            self.add_error("nips", _("Give at least one NIP."))
        data["nip_list"], data["label"] = nips, label
        return data

    def criteria(self) -> Criteria:
        d = self.cleaned_data
        return Criteria(
            source=d["source"],
            opd_ids=d["opd"],
            levels=d["levels"],
            golongan=d["golongan"],
            age_min=d["age_min"],
            age_max=d["age_max"],
            not_profiled_years=d["not_profiled_years"],
            nips=d["nip_list"],
            label=d["label"] or "Daftar NIP",
        )


class ScheduleForm(StyledForm):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=60, initial=5)
    waves = forms.IntegerField(label=_("Total waves"), min_value=1, max_value=500, initial=10)
    capacity = forms.IntegerField(
        label=_("Seats per wave"),
        min_value=1,
        required=False,
        help_text=_("Empty: just enough for everyone."),
    )
    max_per_opd = forms.IntegerField(label=_("Maximum per OPD per wave"), min_value=1, required=False)
    slots = forms.CharField(label=_("Time slots of one day"), initial="08:00-12:00,13:00-17:00")

    def clean_slots(self) -> Any:
        try:
            return parse_slots(self.cleaned_data["slots"])
        except SchedulingError as e:
            raise forms.ValidationError(e.message) from e

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def schedule_initial(campaign: Campaign) -> dict[str, Any]:
    days = (campaign.end_date - campaign.start_date).days + 1
    return {
        "days": days,
        "waves": days * 2,
        "max_per_opd": campaign.max_per_opd_per_wave,
        "slots": "08:00-12:00,13:00-17:00",
    }


class ParticipantConstraintsForm(StyledForm):
    """One participant's unavailable dates, wave and pin: the fields of one row of the CSV upload; the
    rules are the service's (services.participant_constraints_set), not repeated here."""

    unavailable = forms.CharField(
        label=_("Unavailable dates"),
        required=False,
        max_length=1000,
        help_text=_("dd/mm/yyyy, separated by ; (e.g. 17/11/2025;18/11/2025). Empty: none."),
    )
    wave = forms.ChoiceField(label=_("Wave"), required=False)
    pinned = forms.BooleanField(
        label=_("Pinned: scheduling again keeps this wave"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required; kept in the audit trail."),
    )

    def __init__(self, *args: Any, waves: Any = (), scheduled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A scheduled participant stays in a wave (an empty choice would mean "keep it" to the service).
        blank = [] if scheduled else [("", _("– not scheduled –"))]
        self.fields["wave"].choices = blank + [
            (str(w.number), _("Wave %(n)s, %(date)s %(start)s–%(end)s")
             % {"n": w.number, "date": date_format(w.date, "j F Y"), "start": w.start.strftime("%H.%M"),
                "end": w.end.strftime("%H.%M")})
            for w in waves
        ]  # fmt: skip

    def clean_unavailable(self) -> str:
        """Dates typed as 17/11/2025 are passed on as the service's 2025-11-17 (ISO is accepted too)."""
        out = []
        for token in (t.strip() for t in self.cleaned_data["unavailable"].split(";")):
            m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", token)
            out.append(f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}" if m else token)
        return ";".join(t for t in out if t)

    @staticmethod
    def initial_for(participant: Any) -> dict[str, Any]:
        def dmy(iso: str) -> str:
            y, m, d = [*iso.split("-"), "", ""][:3]
            return f"{d}/{m}/{y}" if d else iso

        return {
            "unavailable": ";".join(dmy(d) for d in participant.unavailable or []),
            "wave": str(participant.wave.number) if participant.wave_id else "",
            "pinned": participant.pinned,
        }
