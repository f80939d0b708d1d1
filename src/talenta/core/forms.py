"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from talenta.core.hardening import fits_bigint, is_digits


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses an id past 64 bits as an invalid choice. Django's own
    field sends such an id to the database in an `IN (...)` and the page answered 500 (SQLite's driver
    cannot bind it; PostgreSQL refuses it): a tampered form must get the form's error, not a crash."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            text = str(pk).strip()
            if is_digits(text.removeprefix("-")) and not fits_bigint(int(text)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
