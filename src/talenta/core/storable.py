"""Values a parsed JSON document can hold that no database column can, refused where they come in (a
SIASN file, an API body) so that they never fail a write half-way with an error naming nothing:

- the NUL character (`\\u0000`): PostgreSQL's text and jsonb cannot hold it;
- a lone UTF-16 surrogate (`\\ud800` without its pair): not a Unicode character, so it has no UTF-8 form
  and neither database driver can send it;
- NaN and the infinities (`NaN`, `Infinity`, or a number too large for a float such as `1e400`), which
  Python's JSON reader accepts: they are not JSON, so no JSON column takes them, and they are no number a
  person has.
"""

from __future__ import annotations

import math
from typing import Any

NUL = "\x00"

# What each reason is called in a message (Indonesian, as the file errors are).
REASON_TEXT = {
    "nul": "nilai berisi karakter NUL (\\u0000), yang tidak dapat disimpan",
    "surrogate": (
        "nilai berisi kode \\uD800–\\uDFFF tanpa pasangannya (surrogate tunggal, bukan karakter Unicode), "
        "yang tidak dapat disimpan"
    ),
    "number": "nilai NaN atau tak hingga (Infinity) bukan angka yang dapat disimpan",
}


def unstorable(value: Any) -> str | None:
    """ "nul", "surrogate" or "number" for the first such value in `value` (in its lists and dicts, keys
    included), else None. Iterative: a document nested as deep as its parser allows is walked without
    recursion."""
    stack = [value]
    while stack:
        v = stack.pop()
        t = type(v)
        if t is str:
            if NUL in v:
                return "nul"
            if not v.isascii():
                try:
                    v.encode("utf-8")
                except UnicodeEncodeError:
                    return "surrogate"
        elif t is float:
            if not math.isfinite(v):
                return "number"
        elif t is dict:
            stack.extend(v.keys())
            stack.extend(v.values())
        elif t is list or t is tuple:
            stack.extend(v)
    return None


def shown(text: str) -> str:
    """`text` as a message can show it: a NUL or a lone surrogate written as its escape."""
    return text.replace(NUL, "\\u0000").encode("utf-8", "backslashreplace").decode("utf-8")
