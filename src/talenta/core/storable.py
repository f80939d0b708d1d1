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

from django.utils.translation import gettext

from talenta.core.wording import gettext_noop

NUL = "\x00"


# What each reason is called in a message, translated where it is shown (gettext): the one wording of the
# SIASN readers, the API's request bodies and the questionnaire import. "integer" is the API's own bound (a
# whole number past 64 bits), its `%(max)s` the bound in the reader's language (core.hardening.MAX_ID).
REASON_TEXT = {
    "nul": gettext_noop("the value holds the NUL character (\\u0000), which cannot be stored"),
    "surrogate": gettext_noop(
        "the value holds a lone surrogate (\\uD800–\\uDFFF), no Unicode character, which cannot be stored"
    ),
    "number": gettext_noop("the value is NaN or infinite (Infinity), no number that can be stored"),
    "integer": gettext_noop("the whole number is too large (at most %(max)s)"),
}


def refusal(reason: str) -> str:
    """The message for a reason of `unstorable` (or "integer"), in the active language."""
    from talenta.core.display import angka
    from talenta.core.hardening import MAX_ID

    return gettext(REASON_TEXT[reason]) % ({"max": angka(MAX_ID)} if reason == "integer" else {})


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
