from pathlib import Path

import pytest

import talenta

CATALOGUES = sorted(Path(talenta.__file__).parent.glob("accounts/locale/id/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po", CATALOGUES, ids=str)
def test_every_message_has_an_indonesian_translation(po):
    blocks = po.read_text(encoding="utf-8").split("\n\n")[1:]  # the first block is the header
    empty = [b for b in blocks if b.rstrip().endswith('msgstr ""') and "#~" not in b]
    assert not empty, empty[:3]


def test_there_is_a_catalogue():
    assert CATALOGUES
