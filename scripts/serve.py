"""Serve Talenta for `make run`: the web server and the background-task worker, stopped together."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    talenta = str(BIN / "talenta")
    env = dict(os.environ)
    worker = subprocess.Popen([talenta, "db_worker", "--interval", "1"], env=env)  # noqa: S603 (our own script)
    print(f"\nTalenta berjalan di http://{args.host}:{args.port}/  (Ctrl+C untuk berhenti)\n", flush=True)
    try:
        return subprocess.call(  # noqa: S603 (our own script, fixed arguments)
            [talenta, "runserver", f"{args.host}:{args.port}", "--noreload", "--nostatic"], env=env
        )
    except KeyboardInterrupt:
        return 0
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    sys.exit(main())
