"""RULES.md §6 defaults for the requirement tables (seeded by migration 0002; the Admin edits them as data).
Values marked "default, to confirm with the SK" in docs/placement.md: discipline_years. This is the
national default; an instansi adopts it or overrides it with its own versions (issue 12)."""

from __future__ import annotations

from typing import Any

COMMON: dict[str, Any] = {
    "predikat_years": 2,
    "min_predikat": "baik",
    "discipline_years": 5,
    "training_missing": "manual",
    "assessment_validity_years": 3,
    "jpm_min": 68,
    "jpm_good": 80,
    # Not a RULES.md requirement: the years left before BUP are shown as information; an instansi may
    # set a minimum in its own table (issue 13).
    "min_years_before_bup": 0,
}

DEFAULT_REQUIREMENTS: dict[str, dict[str, Any]] = {
    "pengawas": {
        **COMMON,
        "min_education": "30",
        "prior_levels": ["pelaksana"],
        "prior_years": 4,
        "field_years": 0,
        "leadership_training": "pkp",
    },
    "administrator": {
        **COMMON,
        "min_education": "35",
        "prior_levels": ["pengawas", "jf_ahli_muda"],
        "prior_years": 3,
        "field_years": 0,
        "leadership_training": "pka",
    },
    "jpt_pratama": {
        **COMMON,
        "min_education": "35",
        "prior_levels": ["administrator", "jf_ahli_madya"],
        "prior_years": 2,
        "field_years": 5,
        "max_age": 56,
        "max_age_if_jpt": 58,
        "leadership_training": "pkn2",
        "jpt_rules": True,
    },
    "jpt_madya": {
        **COMMON,
        "min_education": "35",
        "prior_levels": ["jpt_pratama", "jf_ahli_utama"],
        "prior_years": 2,
        "field_years": 7,
        "max_age": 58,
        "max_age_if_jpt": 58,
        "leadership_training": "pkn1",
        "jpt_rules": True,
    },
    "jpt_utama": {
        **COMMON,
        "min_education": "35",
        "prior_levels": ["jpt_madya", "jf_ahli_utama"],
        "prior_years": 2,
        "field_years": 10,
        "max_age": 58,
        "max_age_if_jpt": 58,
        "jpt_rules": True,
    },
    # Functional and pelaksana posts: performance, discipline and competency only.
    "umum": {
        **COMMON,
        "min_education": "",
        "prior_levels": [],
        "prior_years": 0,
        "field_years": 0,
    },
}
