"""The one place where an eligibility row (`rules/eligibility.py`: a status, a code, a reason and plain
parameters) becomes words: the requirement, its regulation and the evidence, in the user's language
(gettext), with dates and numbers as the display module writes them ("2 Maret 2026", "68,00").

The ranking and candidate screens, the evidence snapshots, the API and `talenta candidates --json` all call
`rows()` / `describe()`; a snapshot stores the words it was shown with next to its code and parameters, and a
screen re-renders a stored row in the reader's language (`localized`), so the rules never hold a sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from talenta.core import display
from talenta.people.rules import jabatan as jr
from talenta.people.rules.dates import Span
from talenta.placement.rules import eligibility as el
from talenta.profiling.rules import jpm as jpm_rules

# A regulated scale keeps its own words (STYLE.md): the predikat of PermenPANRB 6/2022.
PREDIKAT_LABEL = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang/Misconduct",
    "sangat_kurang": "Sangat Kurang",
}
PP11 = "PP 11/2017 jo PP 17/2020"


def span_text(key: int | None) -> str:
    """Completed calendar time: "2 tahun", "1 tahun 11 bulan 30 hari" ("1 year 11 months 30 days")."""
    if key is None:
        return display.DASH
    s = Span.from_key(int(key))
    parts = [ngettext("%(n)d year", "%(n)d years", s.years) % {"n": s.years}]
    if s.months:
        parts.append(ngettext("%(n)d month", "%(n)d months", s.months) % {"n": s.months})
    if s.days:
        parts.append(ngettext("%(n)d day", "%(n)d days", s.days) % {"n": s.days})
    return " ".join(parts)


def years_text(n: int | None) -> str:
    return ngettext("%(n)d year", "%(n)d years", n or 0) % {"n": n or 0}


def level_name(code: str | None) -> str:
    return display.label(code) if code else display.DASH


def education_name(code: str | None) -> str:
    return el.EDUCATION_LABEL.get(code or "", code or display.DASH)


def golongan_name(code: str | None) -> str:
    return jr.GOLONGAN.get(code or "", (code or display.DASH, ""))[0]


def predikat_name(code: str | None) -> str:
    return PREDIKAT_LABEL.get(code or "", code or display.DASH)


def jpm_text(value: str | Decimal, *, cap: bool = False) -> str:
    """Two decimals, half up, from the unrounded value; capped at 100 when the table says so (RULES.md §3)."""
    v = Decimal(str(value))
    return display.angka(min(v, Decimal(100)) if cap else v, 2)


def _record(rid: Any) -> str:
    return _(" (record id %(id)s)") % {"id": rid} if rid else ""


# --- Per rule kind: its short label, the requirement, the regulation and the evidence by reason ----------

Text = Callable[[dict[str, Any]], str]


def _prior_rule(p: dict[str, Any]) -> str:
    names = _(" or ").join(level_name(lv) for lv in p.get("prior_levels", []))
    return _("Has held %(levels)s (or higher) for at least %(years)s") % {
        "levels": names,
        "years": years_text(p.get("years")),
    }


def _rank_rule(p: dict[str, Any]) -> str:
    if p.get("lowest"):
        return _("Rank %(low)s–%(high)s for eselon %(eselon)s") % {
            "low": golongan_name(p["lowest"]),
            "high": golongan_name(p["highest"]),
            "eselon": jr.ESELON_NAME.get(p.get("eselon", ""), p.get("eselon", "")),
        }
    return _("Rank within the eselon's range")


def _performance_rule(p: dict[str, Any]) -> str:
    return _("Performance predikat at least %(predikat)s in each of the last %(years)s") % {
        "predikat": predikat_name(p.get("min_predikat", "baik")),
        "years": years_text(p.get("years", 2)),
    }


def _discipline_sentence(p: dict[str, Any]) -> str:
    return _("%(weight)s sentence %(name)s %(start)s–%(end)s%(record)s") % {
        "weight": _("Heavy") if p.get("level") == "B" else _("Medium"),
        "name": p.get("name") or "",
        "start": display.tanggal(p.get("start")),
        "end": display.tanggal(p["end"]) if p.get("end") else _("in force"),
        "record": _record(p.get("record_id")),
    }


def _discipline(p: dict[str, Any], reason: str) -> str:
    if reason == "sentence":
        return _discipline_sentence(p)
    if reason == "unchecked":
        return _("The disciplinary history has not been checked (SIASN data not read yet)")
    return _("No medium or heavy sentence in the disciplinary history (%(n)s records)") % {
        "n": display.angka(p.get("records", 0))
    }


def _jpm_rule(p: dict[str, Any]) -> str:
    if "jpm_min" not in p:
        return _("JPM against this post's standard")
    return _("JPM against this post's standard at least %(min)s (meets the requirement at %(good)s)") % {
        "min": jpm_text(p["jpm_min"]),
        "good": jpm_text(p["jpm_good"]),
    }


def _assessment(p: dict[str, Any], reason: str) -> str:
    d = display.tanggal(p.get("assessed_on"))
    if reason == "valid":
        return _("Assessment of %(date)s%(record)s, valid for %(years)s") % {
            "date": d,
            "record": _record(p.get("record_id")),
            "years": years_text(p.get("validity_years")),
        }
    if reason == "expired":
        return _("Assessment of %(date)s is no longer valid (valid for %(years)s)") % {
            "date": d,
            "years": years_text(p.get("validity_years")),
        }
    if reason == "future":
        return _("Assessment of %(date)s is dated after the appointment date") % {"date": d}
    return _("No assessment result")


def _competency(p: dict[str, Any], reason: str) -> str:
    if reason == "incomplete":
        return _("Competency levels incomplete (%(present)s of %(required)s)") % p
    if reason == "jpm":
        return _("JPM %(jpm)s (%(category)s; assessment id %(id)s)") % {
            "jpm": jpm_text(p["jpm"], cap=bool(p.get("display_cap"))),
            "category": jpm_rules.SELECTION_LABELS.get(p.get("category", ""), p.get("category", "")),
            "id": p.get("record_id") or display.DASH,
        }
    return _("No valid assessment")


def _bup(p: dict[str, Any], reason: str) -> str:
    retire = display.tanggal(p.get("retirement_date"))
    if reason == "retired":
        return _("Retires %(date)s") % {"date": retire}
    return _("Retires %(date)s: %(left)s left") % {"date": retire, "left": span_text(p.get("left"))}


def _bup_rule(p: dict[str, Any], reason: str) -> str:
    if reason == "retired":
        return _("Not past the retirement age (%(bup)s) at appointment") % {"bup": p.get("bup")}
    if reason == "minimum":
        return _("Time left before the retirement age (%(bup)s) at least %(years)s") % {
            "bup": p.get("bup"),
            "years": years_text(p.get("min_years")),
        }
    return _("Time left before the retirement age (%(bup)s), as information") % {"bup": p.get("bup")}


def _bup_regulation(reason: str) -> str:
    if reason == "retired":
        return f"{PP11} Ps. 239"
    if reason == "minimum":
        return _("The instansi's own rule")
    return _("Information for the committee (not a requirement)")


def _field(p: dict[str, Any], reason: str) -> str:
    if reason == "missing":
        return _("No post history recorded")
    same, total = span_text(p.get("same_opd")), span_text(p.get("total"))
    if reason == "same_opd":
        return _("%(span)s in the same OPD") % {"span": same}
    if reason == "all_posts":
        return _(
            "%(same)s in the same OPD, %(total)s in all posts: whether they are in the field needs "
            "manual verification"
        ) % {"same": same, "total": total}
    return _("%(span)s in all posts") % {"span": total}


def _jpt_move(p: dict[str, Any], reason: str) -> str:
    if reason == "no_tmt":
        return _("The TMT of the current post is not recorded")
    served = _("%(span)s in the current post (TMT %(date)s)") % {
        "span": span_text(p.get("served")),
        "date": display.tanggal(p.get("since")),
    }
    if reason == "too_long":
        return served + _(
            ": more than 5 years; the routes left: open selection, or an extension on performance "
            "(Ps. 133) recorded as an override"
        )
    return served


def _jpt_route(p: dict[str, Any], reason: str) -> str:
    if reason == "open_selection":
        return _("Must go through open selection (the instansi has no merit-system exception)")
    if reason == "no_mapping":
        return _("No finalised talent mapping yet")
    return _("Box %(box)s (%(mapping)s)") % {"box": p.get("box"), "mapping": p.get("mapping") or display.DASH}


KINDS: dict[str, dict[str, Any]] = {
    "no_demotion": {
        "label": lambda p, r: _("Post level"),
        "rule": lambda p, r: _("The target post is not lower than the current one"),
        "regulation": lambda r: _("PP 94/2021 (a lower post only as a disciplinary sentence)"),
        "evidence": lambda p, r: _("Current post: %(level)s") % {"level": level_name(p.get("current_level"))},
    },
    "education": {
        "label": lambda p, r: _("Education"),
        "rule": lambda p, r: (
            _("Education at least %(level)s") % {"level": education_name(p.get("min_education"))}
        ),
        "regulation": lambda r: f"{PP11} Ps. 54, 55, 107",
        "evidence": lambda p, r: (
            _("Education level not recorded")
            if r == "missing"
            else _("Education %(level)s%(source)s")
            % {
                "level": education_name(p.get("education")),
                "source": _record(p.get("record_id")) or _(" (employee record)"),
            }
        ),
    },
    "prior_post": {
        "label": lambda p, r: _("Prior post"),
        "rule": lambda p, r: _prior_rule(p),
        "regulation": lambda r: f"{PP11} Ps. 54, 55, 107",
        "evidence": lambda p, r: (
            _("No post history recorded")
            if r == "missing"
            else _("%(span)s at the required level (record ids %(ids)s)")
            % {
                "span": span_text(p.get("served")),
                "ids": ", ".join(str(i) for i in p.get("record_ids", [])) or display.DASH,
            }
        ),
    },
    "field": {
        "label": lambda p, r: _("Field experience"),
        "rule": lambda p, r: (
            _("Experience in a related field of at least %(years)s (cumulative)")
            % {"years": years_text(p.get("years"))}
        ),
        "regulation": lambda r: f"{PP11} Ps. 107",
        "evidence": _field,
    },
    "rank": {
        "label": lambda p, r: _("Rank"),
        "rule": lambda p, r: _rank_rule(p),
        "regulation": lambda r: _("PP 13/2002 (soft check)"),
        "evidence": lambda p, r: (
            _("Golongan not recorded")
            if r == "missing"
            else _("Golongan %(golongan)s") % {"golongan": golongan_name(p.get("golongan"))}
        ),
    },
    "performance": {
        "label": lambda p, r: _("SKP %(year)s") % {"year": p.get("year")},
        "rule": lambda p, r: _performance_rule(p),
        "regulation": lambda r: "PermenPANRB 6/2022; PP 11/2017 Ps. 107",
        "evidence": lambda p, r: (
            _("SKP %(year)s: no data") % {"year": p.get("year")}
            if r == "missing"
            else _("SKP %(year)s: %(predikat)s%(record)s")
            % {
                "year": p.get("year"),
                "predikat": predikat_name(p.get("predikat")),
                "record": _record(p.get("record_id")),
            }
        ),
    },
    "discipline": {
        "label": lambda p, r: _("Discipline"),
        "rule": lambda p, r: (
            _("No medium or heavy disciplinary sentence in force or within the last %(years)s")
            % {"years": years_text(p.get("years"))}
        ),
        "regulation": lambda r: "PP 94/2021; PP 11/2017 Ps. 107",
        "evidence": _discipline,
    },
    "age": {
        "label": lambda p, r: _("Age"),
        "rule": lambda p, r: _("Age at most %(age)s at appointment") % {"age": years_text(p.get("max_age"))},
        "regulation": lambda r: f"{PP11} Ps. 107",
        "evidence": lambda p, r: (
            _("Born %(birth)s: %(age)s on %(on)s")
            % {
                "birth": display.tanggal(p.get("birth_date")),
                "age": years_text(p.get("age")),
                "on": display.tanggal(p.get("on")),
            }
        ),
    },
    "bup": {
        "label": lambda p, r: _("Time before retirement"),
        "rule": _bup_rule,
        "regulation": _bup_regulation,
        "evidence": _bup,
    },
    "training": {
        "label": lambda p, r: _("Leadership training"),
        "rule": lambda p, r: (
            _("Leadership training %(training)s")
            % {"training": jr.LEADERSHIP_TRAINING.get(p.get("training", ""), p.get("training", ""))}
        ),
        "regulation": lambda r: _("PP 11/2017 Ps. 54, 55, 107 (information)"),
        "evidence": lambda p, r: (
            jr.LEADERSHIP_TRAINING.get(p.get("done", ""), p.get("done", "")) + _record(p.get("record_id"))
            if r == "done"
            else _("No certificate yet: needs training after appointment")
        ),
    },
    "assessment": {
        "label": lambda p, r: _("Assessment"),
        "rule": lambda p, r: _("A competency assessment result that is still valid"),
        "regulation": lambda r: "PermenPANRB 3/2020",
        "evidence": lambda p, r: _assessment(p, r),
    },
    "competency": {
        "label": lambda p, r: _("Competency standard"),
        "rule": lambda p, r: _jpm_rule(p),
        "regulation": lambda r: "PermenPANRB 38/2017",
        "evidence": lambda p, r: _competency(p, r),
    },
    "health": {
        "label": lambda p, r: _("Health"),
        "rule": lambda p, r: _("Physically and mentally healthy"),
        "regulation": lambda r: "PP 11/2017 Ps. 54, 55, 107",
        "evidence": lambda p, r: _("Needs manual verification (a doctor's certificate)"),
    },
    "technical": {
        "label": lambda p, r: _("Technical competency"),
        "rule": lambda p, r: (
            _("%(name)s level %(level)s")
            % {"name": p.get("name", ""), "level": p.get("level") or display.DASH}
        ),
        "regulation": lambda r: _("Post competency standard"),
        "evidence": lambda p, r: _("Needs manual verification: technical competency not recorded"),
    },
    "jpt_classification": {
        "label": lambda p, r: _("Post classification"),
        "rule": lambda p, r: _("A move between JPT posts of the same classification"),
        "regulation": lambda r: "PP 11/2017 Ps. 131 ayat (2)",
        "evidence": lambda p, r: (
            _("%(current)s to %(target)s")
            % {"current": level_name(p.get("current_level")), "target": level_name(p.get("target_level"))}
            + ("" if r == "same" else _(": not a move but a promotion (see the filling route)"))
        ),
    },
    "jpt_move": {
        "label": lambda p, r: _("JPT move"),
        "rule": lambda p, r: _(
            "Move between JPT posts: 2 to 5 years in the current post, through a competency test"
        ),
        "regulation": lambda r: "PP 11/2017 Ps. 131 ayat (2)" + (", Ps. 133" if r == "too_long" else ""),
        "evidence": _jpt_move,
    },
    "jpt_term": {
        "label": lambda p, r: _("JPT term"),
        "rule": lambda p, r: _("A JPT post is held at most 5 years; it may be extended on performance"),
        "regulation": lambda r: "PP 11/2017 Ps. 133",
        "evidence": lambda p, r: (
            _("%(span)s in this post: %(note)s")
            % {
                "span": span_text(p.get("served")),
                "note": _("an extension needs approval") if r == "extension" else _("within the term"),
            }
        ),
    },
    "jpt_route": {
        "label": lambda p, r: _("JPT filling route"),
        "rule": lambda p, r: (
            _("Open selection")
            if r == "open_selection"
            else _("Promotion from the succession group (box 7, 8, 9) with BKN's approval")
        ),
        "regulation": lambda r: (
            "PP 11/2017 Ps. 198 ayat (4)"
            if r == "open_selection"
            else "PermenPANRB 3/2020; PP 11/2017 Ps. 198(4)"
        ),
        "evidence": _jpt_route,
    },
    "jpt_protect": {
        "label": lambda p, r: _("Two-year protection"),
        "rule": lambda p, r: _(
            "A JPT official is not replaced within 2 years of installation, save as the law allows"
        ),
        "regulation": lambda r: "UU 5/2014 Ps. 116",
        "evidence": lambda p, r: (
            _("The current official was installed on %(date)s (%(span)s)")
            % {"date": display.tanggal(p.get("since")), "span": span_text(p.get("served"))}
        ),
    },
    "external": {
        "label": lambda p, r: _("External recommendation"),
        "rule": lambda p, r: _("Recommendation of %(by)s before installation") % {"by": p.get("by", "")},
        "regulation": lambda r: _("Post setting"),
        "evidence": lambda p, r: _("Required step: the recommendation is not recorded yet"),
    },
}

OVERRIDE_BASIS = {
    "pasal_133": lambda: _("PP 11/2017 Ps. 133 (extension on performance)"),
    "pasal_107_2": lambda: "PP 17/2020 Ps. 107 ayat (2)",
}

STATUS_LABEL = {
    el.MET: lambda: _("met"),
    el.NOT_MET: lambda: _("not met"),
    el.WARNING: lambda: _("warning"),
    el.INFO: lambda: _("information"),
    el.MANUAL: lambda: _("needs manual verification"),
}


def verify_at_home_note() -> str:
    return _("to be verified by the home instansi")


def _evidence(row: dict[str, Any], texts: dict[str, Any], p: dict[str, Any], r: str) -> str:
    return verify_at_home_note() if row.get("verify") else texts["evidence"](p, r)


def describe(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the API and the screens show it: its code, status, reason and parameters as stored, plus
    `label`, `rule`, `regulation` and `evidence` in the active language. A row stored before the rules
    carried codes (it has no `kind`) is returned as it is."""
    kind = row.get("kind")
    texts = KINDS.get(kind or "")
    if texts is None:
        return dict(row)
    p, r = row.get("params") or {}, row.get("reason", "")
    out = {
        **row,
        "label": texts["label"](p, r),
        "rule": texts["rule"](p, r),
        "regulation": texts["regulation"](r),
        "evidence": _evidence(row, texts, p, r),
        "status_label": STATUS_LABEL.get(row.get("status", ""), lambda: row.get("status", ""))(),
    }
    if row.get("override"):
        basis = row["override"].get("basis", "")
        out["override"] = {**row["override"], "basis_text": OVERRIDE_BASIS.get(basis, lambda: basis)()}
    return out


def rows(result_rows: Iterable[el.Row]) -> list[dict[str, Any]]:
    return [describe(r.as_dict()) for r in result_rows]


def localized(stored: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Stored rows (a snapshot, a ranking run) in the reader's language."""
    return [describe(r) for r in stored or ()]


def line(row: el.Row) -> str:
    """ "Label: evidence", for the short lists (what a near-eligible candidate lacks, the gaps)."""
    # Only the two texts the line shows: the ranking words one line per gap of every candidate it lists.
    d = row.as_dict()
    texts = KINDS.get(row.kind)
    if texts is None:
        d = describe(d)
        return f"{d['label']}: {d['evidence']}"
    p = row.params or {}
    return f"{texts['label'](p, row.reason)}: {_evidence(d, texts, p, row.reason)}"
