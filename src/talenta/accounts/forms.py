from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talenta.accounts.roles import Reach, Role, reach
from talenta.people.models import Employee, Unit


class BootstrapForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class UserForm(BootstrapForm):
    """Role and scope of a user. Unit and employee choices are limited to the admin's instansi."""

    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=300, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit (Kepala OPD)"), queryset=Unit.objects.none(), required=False)
    employee_nip = forms.CharField(label=_("Employee NIP (Pegawai)"), max_length=18, required=False)

    def __init__(
        self,
        *args: Any,
        instansi_id: int,
        editing: bool = False,
        current_role: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instansi_id = instansi_id
        # A role reaching beyond the instansi is the operator's to give (accounts.services._resolve_scope):
        # offered only to keep a user who already has it.
        self.fields["role"].choices = [
            (value, label)
            for value, label in Role.choices
            if reach(value) != Reach.REGION or value == current_role
        ]
        self.fields["unit"].queryset = Unit.objects.filter(instansi_id=instansi_id).order_by("path")
        if editing:
            self.fields["username"].disabled = True

    def clean_employee_nip(self) -> Employee | None:
        nip = (self.cleaned_data.get("employee_nip") or "").strip()
        if not nip:
            return None
        employee = Employee.objects.filter(instansi_id=self.instansi_id, nip=nip).first()
        if employee is None:
            raise forms.ValidationError(
                _("No employee with NIP %(nip)s in your instansi."), params={"nip": nip}
            )
        return employee


class TokenForm(BootstrapForm):
    name = forms.CharField(label=_("Token name"), max_length=100)
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=3650, initial=90, required=False
    )


DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class AuditFilterForm(BootstrapForm):
    user = forms.CharField(label=_("User"), required=False)
    action = forms.CharField(label=_("Action"), required=False)
    target_type = forms.CharField(label=_("Object type"), required=False)
    target_id = forms.CharField(label=_("Object id"), required=False)
    # A text field read as dd/mm/yyyy: a browser's date input shows mm/dd/yyyy in an English locale.
    date_from = forms.DateField(
        label=_("From (dd/mm/yyyy)"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"}
        ),
    )
    date_to = forms.DateField(
        label=_("To (dd/mm/yyyy)"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"}
        ),
    )

    def filter(self, qs: Any) -> Any:
        if not self.is_valid():
            return qs.none()
        d = self.cleaned_data
        if d["user"]:
            qs = qs.filter(actor_username__icontains=d["user"].strip())
        if d["action"]:
            qs = qs.filter(action__startswith=d["action"].strip())
        if d["target_type"]:
            qs = qs.filter(target_type=d["target_type"].strip())
        if d["target_id"]:
            qs = qs.filter(target_id=d["target_id"].strip())
        tz = timezone.get_current_timezone()
        if d["date_from"]:
            qs = qs.filter(at__gte=datetime.combine(d["date_from"], time.min, tzinfo=tz))
        if d["date_to"]:
            qs = qs.filter(at__lte=datetime.combine(d["date_to"], time.max, tzinfo=tz))
        return qs
