"""How to build a sample object for every route (web or API) that takes a parameter.

The access matrix (test_matrix.py) fails on a route with parameters that has no sample here. To register
your routes, add a module `tests/access/samples_<app>.py` (imported automatically) with, e.g.:

    from tests.access.registry import sample

    @sample("talent:box-detail", "GET /api/v1/talent/boxes/{box_id}", hidden_from={"pegawai"})
    def _box(world, viewer, case):
        side = world.side(viewer)
        return {"own": {"pk": ...}, "other_unit": ..., "other_instansi": {"pk": ...}}.get(case)

`case` is relative to the viewer:
  own            an object the viewer's role may see (for a Pegawai his own; for a Kepala OPD in his unit)
  other_person   same unit, another person (a Pegawai must get 404)
  other_unit     same instansi, outside the Kepala OPD's subtree (Kepala OPD and Pegawai get 404)
  other_instansi the other instansi's object (everyone gets 404)
Return None for a case that does not apply. Routes the role may not use at all answer 403 anyway.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talenta.accounts.roles import INSTANSI_WIDE, Role

CASES = ("own", "other_person", "other_unit", "other_instansi")
Builder = Callable[[Any, Any, str], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Sample:
    build: Builder
    hidden_from: frozenset[str] = frozenset()  # roles whose scope never holds such an object
    private: bool = False  # only the viewer's own objects are visible (his tokens)
    objects: bool = True  # False: the parameters are not object ids (e.g. an export format)
    # Who sees the object, when it is not the scope of issue #4 (written out independently of scope.py).
    sees: Callable[[str, str], bool] | None = None


SAMPLES: dict[str, Sample] = {}


def sample(
    *keys: str,
    hidden_from: set[str] | frozenset[str] = frozenset(),
    private: bool = False,
    objects: bool = True,
    sees: Callable[[str, str], bool] | None = None,
) -> Callable[[Builder], Builder]:
    def decorator(fn: Builder) -> Builder:
        for key in keys:
            if key in SAMPLES:
                raise ValueError(f"sample for {key} registered twice")
            SAMPLES[key] = Sample(fn, frozenset(hidden_from), private, objects, sees)
        return fn

    return decorator


def visible(s: Sample, role: str, case: str) -> bool:
    """The expected answer of the scope rules of issue #4, written out independently of scope.py."""
    if case == "other_instansi" or role in s.hidden_from:
        return False
    if s.sees is not None:
        return s.sees(role, case)
    if case == "own":
        return True
    if s.private:
        return False
    if case == "other_person":
        return role != Role.PEGAWAI
    return role in INSTANSI_WIDE  # other_unit


def load_samples() -> dict[str, Sample]:
    here = Path(__file__).parent
    for info in pkgutil.iter_modules([str(here)]):
        if info.name.startswith("samples_"):
            importlib.import_module(f"tests.access.{info.name}")
    return SAMPLES
