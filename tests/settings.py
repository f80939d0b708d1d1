"""Test settings: Talenta's settings, with plain HTTP for the live server of browser tests."""

import os

os.environ.setdefault("HTTPS", "false")

from talenta.settings import *  # noqa: F403
