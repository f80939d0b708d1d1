"""Serve Talenta for `make dev`: Django's development server and the background worker, stopped together
(Ctrl+C or SIGTERM stops both; no orphan is left behind)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _end(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop)
    talenta = str(BIN / "talenta")
    env = dict(os.environ)
    # Our own console script with fixed arguments.
    worker = subprocess.Popen([talenta, "db_worker", "--interval", "1"], env=env)  # noqa: S603
    print(f"\nTalenta berjalan di http://{args.host}:{args.port}/  (Ctrl+C untuk berhenti)\n", flush=True)
    server = subprocess.Popen(  # noqa: S603
        [talenta, "runserver", f"{args.host}:{args.port}", "--noreload", "--nostatic"], env=env
    )
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        _end(server)
        _end(worker)


if __name__ == "__main__":
    sys.exit(main())
