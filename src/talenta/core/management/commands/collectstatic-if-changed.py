"""`talenta collectstatic-if-changed`: Django's collectstatic, skipped when no static file changed since the
last collection. `make run` calls it at every start: collecting and compressing the vendored front-end
libraries again took 32 s on this machine (6 December 2026) with nothing to do."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand

STAMP = ".talenta-collected"


def static_fingerprint() -> str:
    """Every file the finders would collect (its path, size and modification time), with the storage that
    writes them: a different one means a collection to do."""
    h = hashlib.sha256()
    h.update(repr((settings.STATIC_URL, settings.STORAGES["staticfiles"])).encode())
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            st = Path(storage.path(path)).stat()
            entries.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}")
    for entry in sorted(entries):
        h.update(entry.encode("utf-8", "surrogateescape"))
        h.update(b"\n")
    return h.hexdigest()


class Command(BaseCommand):
    help = "Collect the static files (Django's collectstatic) unless none changed since the last collection."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive")

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(settings.STATIC_ROOT)
        stamp = root / STAMP
        fingerprint = static_fingerprint()
        # The manifest is what the server reads; without it (a half-done or emptied folder) collect again.
        manifest = getattr(staticfiles_storage, "manifest_name", "")
        whole = not isinstance(staticfiles_storage, ManifestFilesMixin) or (root / manifest).exists()
        if whole and stamp.exists() and stamp.read_text().strip() == fingerprint:
            if options["verbosity"] >= 1:
                self.stdout.write("Static files unchanged: nothing to collect.")
            return
        call_command(
            "collectstatic",
            interactive=options["interactive"],
            verbosity=options["verbosity"],
            stdout=self.stdout._out,
            stderr=self.stderr._out,
        )
        stamp.write_text(fingerprint + "\n")
