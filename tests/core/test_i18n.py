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


_GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "ngettext"}
_TEMPLATE_TRANSLATE = re.compile(r'{%\s*(?:translate|trans)\s+"([^"]+)"')
# Each language's own name is written in that language, on purpose (the language switch).
_OWN_NAMES = {"Bahasa Indonesia", "English"}


def _messages_in_code() -> list[tuple[str, int, str]]:
    """(file, line, msgid) of every literal the code marks for translation: gettext's calls in Python and
    `{% translate "…" %}` in templates."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            arg = node.args[0]
            if name in _GETTEXT and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((str(path.relative_to(SRC)), node.lineno, arg.value))
    for path in sorted(SRC.rglob("*.html")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [(str(path.relative_to(SRC)), n, m[1]) for m in _TEMPLATE_TRANSLATE.finditer(line)]
    return found


def test_every_message_of_the_code_has_its_indonesian_translation():
    """A message added to the code without its entry in an Indonesian catalogue reaches an Indonesian screen
    in English (the row errors of a SIASN file once did)."""
    indonesian = {
        e["msgid"]
        for path in CATALOGUES
        if path.parts[-3] == "id"
        for e in po_entries(path)
        if e.get("msgid")
    }
    messages = _messages_in_code()
    assert len(messages) > 1000  # the walk finds the code's messages at all
    missing = [f"{f}:{n} {m!r}" for f, n, m in messages if m not in indonesian and m not in _OWN_NAMES]
    assert not missing, "no Indonesian entry:\n" + "\n".join(missing)
