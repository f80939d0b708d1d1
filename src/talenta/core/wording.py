"""Messages that pure code (the rules, the readers) raises in the reader's language without importing
Django: an English template marked for the catalogues (`gettext_noop`) and its values, put in the active
language each time the message is read (`WordedError.message`).

`WORDING` says how: Django's gettext and the screens' dates and numbers, registered once by core.apps;
without Django (a rule tested alone, a benchmark), the English template, ISO dates and plain numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogues, as Django's marker does, without needing Django's settings."""
    return message


@dataclass
class Wording:
    translate: Callable[[str], str] = lambda text: text
    day: Callable[[date], str] = date.isoformat
    number: Callable[[int], str] = str
    decimal: Callable[[float], str] = lambda value: f"{value:.2f}"


WORDING = Wording()


def worded(value: object) -> object:
    """A value as the reader writes it: a date, a tuple of dates, a whole number, a decimal (two digits);
    anything else as it is."""
    if isinstance(value, date):
        return WORDING.day(value)
    if isinstance(value, tuple) and value and all(isinstance(d, date) for d in value):
        return ", ".join(WORDING.day(d) for d in value)
    if type(value) is int:
        return WORDING.number(value)
    if type(value) is float:
        return WORDING.decimal(value)
    return value


class WordedError(ValueError):
    """An error whose message is an English template and its values (`params`), put in the active language
    each time it is read."""

    def __init__(self, template: str, params: dict[str, object] | None = None) -> None:
        self.template = template
        self.params = params or {}
        super().__init__(template)

    @property
    def message(self) -> str:
        return WORDING.translate(self.template) % {k: worded(v) for k, v in self.params.items()}

    def __str__(self) -> str:
        return self.message
