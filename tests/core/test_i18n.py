"""Every translation catalogue is complete and compiled; the language switch changes the screens."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse

SRC = Path(__file__).resolve().parents[2] / "src" / "talenta"
CATALOGUES = sorted(SRC.rglob("locale/*/LC_MESSAGES/django.po"))
_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def po_entries(path: Path) -> list[dict[str, str]]:
    """Entries of a .po file as {"msgid": ..., "msgstr": ..., "msgstr[0]": ..., "line": ...}. Obsolete
    entries (#~) are skipped, as gettext does."""
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and current:
                entries.append(current)
                current, key = {}, ""
            continue
        if m := _LINE.match(line):
            key = m[1]
            if key in ("msgid", "msgctxt") and "msgstr" in "".join(current):
                entries.append(current)
                current = {}
            current.setdefault("line", str(n))
            current[key] = ast.literal_eval(m[2])
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    if current:
        entries.append(current)
    return entries


def test_there_are_catalogues():
    assert {p.parts[-3] for p in CATALOGUES} >= {"id", "en"}
    assert any("people" in p.parts for p in CATALOGUES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_empty_msgstr(path):
    empty = [
        f"{path.relative_to(SRC)}:{e['line']} {e['msgid']!r}"
        for e in po_entries(path)
        if e.get("msgid") and not any(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert not empty, "untranslated:\n" + "\n".join(empty)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_is_compiled(path):
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run `make messages`"


def test_parser_sees_an_empty_msgstr(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr "header"\n\n#: x.html:1\nmsgid "Home"\nmsgstr ""\n', encoding="utf-8")
    assert [e["msgid"] for e in po_entries(po) if not e.get("msgstr")] == ["Home"]


@pytest.mark.django_db
def test_language_switch_changes_a_screen(client, make_user):
    from tests.people.factories import InstansiFactory

    client.force_login(make_user("analis", instansi=InstansiFactory()))
    r = client.get(reverse("people:employee-list"))
    assert "Ekspor Excel" in r.text and 'lang="id"' in r.text
    client.post(reverse("set_language"), {"language": "en", "next": "/pegawai/"})
    r = client.get(reverse("people:employee-list"))
    assert "Export Excel" in r.text and 'lang="en"' in r.text
    client.post(reverse("set_language"), {"language": "id", "next": "/pegawai/"})
    assert "Ekspor Excel" in client.get(reverse("people:employee-list")).text
