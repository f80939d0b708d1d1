"""The SIASN readers and writers load without Django's settings: benchmarks/import_siasn.py writes its files
with them before any database exists (a message table that needed settings at import once broke it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_the_readers_and_writers_import_without_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(SRC)
    code = "import talenta.siasn.formats.readers, talenta.siasn.formats.writers, talenta.core.storable"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
