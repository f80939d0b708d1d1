"""`talenta collectstatic-if-changed` (what `make run` calls at every start): collects once, then only when a
static file changed, or when the collected folder lost its files."""

from __future__ import annotations

import os
from io import StringIO

from django.core.management import call_command


def _run() -> str:
    out = StringIO()
    call_command("collectstatic-if-changed", interactive=False, verbosity=1, stdout=out)
    return out.getvalue()


def test_collects_once_then_only_after_a_change(settings, tmp_path):
    own = tmp_path / "own"
    own.mkdir()
    (own / "kop.css").write_text("body { color: #000; }")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, own]
    settings.STATIC_ROOT = tmp_path / "static"

    first = _run()
    assert "static files copied" in first and (tmp_path / "static" / "kop.css").exists()
    assert "unchanged" in _run()

    (own / "kop.css").write_text("body { color: #111; }")
    st = (own / "kop.css").stat()
    os.utime(own / "kop.css", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert "copied" in _run()
    assert (tmp_path / "static" / "kop.css").read_text() == "body { color: #111; }"
    assert "unchanged" in _run()

    (own / "cetak.css").write_text("@page { size: A4; }")  # a new file
    assert "copied" in _run()


def test_a_collected_folder_that_lost_its_manifest_is_collected_again(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    assert "post-processed" in _run()
    assert "unchanged" in _run()
    (tmp_path / "static" / "staticfiles.json").unlink()
    assert "post-processed" in _run() and (tmp_path / "static" / "staticfiles.json").exists()
