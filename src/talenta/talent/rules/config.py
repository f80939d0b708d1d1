"""The configuration of a mapping period (RULES.md §2, §4, §5): stored whole with the period, so a
finalised period can be replayed exactly. Keys of the `--config FILE.json` file are those of
`MappingConfig.to_dict()`; every key is optional and defaults to RULES.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from talenta.core.wording import WordedError, gettext_noop

PERFORMANCE_SOURCES = ("predikat", "rating_hasil_kerja")
COMBINE_MODES = ("lowest", "latest", "mean")
JPM_STANDARDS = ("current_post", "assessment")
WEIGHT_KEYS = ("jpm", "potential", "track_record", "qualification", "integrity")
READINESS = ("siap_sekarang", "1_2_tahun", "potensi_masa_depan", "bukan_kandidat")

DEFAULT_READINESS: dict[int, str] = {
    9: "siap_sekarang", 8: "siap_sekarang", 7: "1_2_tahun",
    6: "potensi_masa_depan", 5: "potensi_masa_depan", 4: "potensi_masa_depan", 3: "potensi_masa_depan",
    2: "bukan_kandidat", 1: "bukan_kandidat",
}  # fmt: skip


@dataclass(frozen=True)
class MappingConfig:
    """Everything a mapping run depends on besides the data.

    weights: `potential_score = Σ weight × part`. The RULES default uses jpm/potential/track_record
    (0.5/0.4/0.1); `qualification` (education fit) and `integrity` are separate parts used by the
    `kepka411` preset (the same 0–100 scores that also sit inside the track record)."""

    performance_source: str = "predikat"
    performance_years: int = 2
    performance_combine: str = "lowest"
    weights: dict[str, float] = field(
        default_factory=lambda: {"jpm": 0.5, "potential": 0.4, "track_record": 0.1}
    )
    potential_bands: dict[str, float] = field(default_factory=lambda: {"tinggi": 90.0, "menengah": 78.0})
    assessment_validity_years: int = 3
    # Which competency standard JPM is computed against: the employee's current post (default: the
    # nine box asks how the person fits the post he holds) or the one stored with the assessment.
    jpm_standard: str = "current_post"
    # Track record: training hours expected over the window, years in post for full marks, and how far
    # back a disciplinary sentence counts against integrity.
    training_hours_target: int = 60
    training_years: int = 3
    post_years_target: int = 4
    integrity_years: int = 3
    readiness: dict[int, str] = field(default_factory=lambda: dict(DEFAULT_READINESS))
    # kepka411 only (stored, "verify"): share of the reinforcing performance (awards, team work).
    performance_reinforcing_weight: float = 0.0
    # The JPM part of the potential score capped (e.g. at 100, so the score stays on the 0–100 scale of its
    # bands); None = RULES.md §4's formula as written, uncapped. A JPM above 100 (levels above the
    # standard) otherwise gives a potential score above 100, which `talenta check-data` reports.
    jpm_score_cap: float | None = None
    # RULES.md §3: show a JPM above 100 as 100 on the screens (display only; the stored JPM, the bands and
    # the potential score use the unrounded value). Off by default.
    jpm_display_cap: bool = False
    # RULES.md §2's organisation distribution guide (a data-quality warning, never a block): an OPD rated
    # Baik should have at most this share of its staff "Baik" (and at least one Butuh Perbaikan/Kurang).
    distribution_max_baik_share: float = 0.70

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["readiness"] = {str(k): v for k, v in self.readiness.items()}
        return d


class ConfigError(WordedError):
    """A configuration that cannot be used, worded in the reader's language (core.wording). `key` names the
    setting at fault."""

    def __init__(self, template: str, params: dict[str, object] | None = None, *, key: str = "") -> None:
        super().__init__(template, params)
        self.key = key


def config_from_dict(data: dict[str, Any] | None, base: MappingConfig | None = None) -> MappingConfig:
    """Validate `data` (the JSON of `--config` or of a stored period) over `base` (the default)."""
    base = base or MappingConfig()
    data = dict(data or {})
    known = set(MappingConfig.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(gettext_noop("unknown configuration keys: %(keys)s"), {"keys": ", ".join(unknown)})
    merged = base.to_dict()
    merged.update(data)
    if merged["performance_source"] not in PERFORMANCE_SOURCES:
        raise ConfigError(
            gettext_noop("performance_source must be one of %(allowed)s"),
            {"allowed": ", ".join(PERFORMANCE_SOURCES)},
            key="performance_source",
        )
    if merged["performance_combine"] not in COMBINE_MODES:
        raise ConfigError(
            gettext_noop("performance_combine must be one of %(allowed)s"),
            {"allowed": ", ".join(COMBINE_MODES)},
            key="performance_combine",
        )
    if merged["jpm_standard"] not in JPM_STANDARDS:
        raise ConfigError(
            gettext_noop("jpm_standard must be one of %(allowed)s"),
            {"allowed": ", ".join(JPM_STANDARDS)},
            key="jpm_standard",
        )
    years = int(merged["performance_years"])
    if not 1 <= years <= 3:
        raise ConfigError(
            gettext_noop("The performance years must be 1 to 3 (not %(n)s)."),
            {"n": years},
            key="performance_years",
        )
    weights = {k: float(v) for k, v in dict(merged["weights"]).items()}
    bad = sorted(set(weights) - set(WEIGHT_KEYS))
    if bad:
        raise ConfigError(gettext_noop("unknown weights: %(keys)s"), {"keys": ", ".join(bad)}, key="weights")
    if any(v < 0 for v in weights.values()) or abs(sum(weights.values()) - 1.0) > 1e-6:
        raise ConfigError(
            gettext_noop("The weights must not be negative and must add up to 1 (they add up to %(sum)s)."),
            {"sum": float(sum(weights.values()))},
            key="weights",
        )
    bands = {k: float(v) for k, v in dict(merged["potential_bands"]).items()}
    if set(bands) != {"tinggi", "menengah"}:
        raise ConfigError(
            gettext_noop("potential_bands must hold 'tinggi' and 'menengah' only"), key="potential_bands"
        )
    if not bands["menengah"] <= bands["tinggi"]:
        raise ConfigError(
            gettext_noop(
                "The lower bound of medium potential (%(medium)s) must not be above that of high potential "
                "(%(high)s)."
            ),
            {"medium": bands["menengah"], "high": bands["tinggi"]},
            key="potential_bands",
        )
    readiness = {int(k): str(v) for k, v in dict(merged["readiness"]).items()}
    if set(readiness) != set(range(1, 10)) or not set(readiness.values()) <= set(READINESS):
        raise ConfigError(
            gettext_noop("readiness must map boxes 1–9 to %(allowed)s"),
            {"allowed": ", ".join(READINESS)},
            key="readiness",
        )
    validity = int(merged["assessment_validity_years"])
    if validity < 1:
        raise ConfigError(
            gettext_noop("An assessment must stay valid for at least 1 year."),
            key="assessment_validity_years",
        )
    share = float(merged["distribution_max_baik_share"])
    if not 0 < share <= 1:
        raise ConfigError(
            gettext_noop("The largest share of Baik must be more than 0 and at most 1 (not %(share)s)."),
            {"share": share},
            key="distribution_max_baik_share",
        )
    if not isinstance(merged["jpm_display_cap"], bool):
        raise ConfigError(gettext_noop("jpm_display_cap must be true or false"), key="jpm_display_cap")
    return MappingConfig(
        performance_source=merged["performance_source"],
        performance_years=years,
        performance_combine=merged["performance_combine"],
        weights=weights,
        potential_bands=bands,
        assessment_validity_years=validity,
        jpm_standard=merged["jpm_standard"],
        training_hours_target=int(merged["training_hours_target"]),
        training_years=int(merged["training_years"]),
        post_years_target=int(merged["post_years_target"]),
        integrity_years=int(merged["integrity_years"]),
        readiness=readiness,
        performance_reinforcing_weight=float(merged["performance_reinforcing_weight"]),
        jpm_score_cap=None if merged.get("jpm_score_cap") is None else float(merged["jpm_score_cap"]),
        jpm_display_cap=merged["jpm_display_cap"],
        distribution_max_baik_share=share,
    )


# Named, stored configurations an administrator picks per period (RULES.md §4).
PRESETS: dict[str, dict[str, Any]] = {
    "default": {},
    # Reported for BKN's SIMATA under Kepka BKN 411/2025: "verify", never the default. The potential
    # axis is 40% competency + 25% potential + 20% qualification + 15% integrity/morality. The 60/40
    # performance axis (predikat + awards of the last 5 years) is stored but not applied: how its score
    # turns into three levels is not published (see docs/talent.md).
    "kepka411": {
        "weights": {"jpm": 0.40, "potential": 0.25, "qualification": 0.20, "integrity": 0.15},
        "performance_reinforcing_weight": 0.40,
    },
}


def preset(name: str) -> MappingConfig:
    if name not in PRESETS:
        raise ConfigError(gettext_noop("unknown preset: %(name)s"), {"name": name}, key="preset")
    return config_from_dict(PRESETS[name])
