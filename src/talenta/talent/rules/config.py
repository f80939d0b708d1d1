"""The configuration of a mapping period (RULES.md §2, §4, §5): stored whole with the period, so a
finalised period can be replayed exactly. Keys of the `--config FILE.json` file are those of
`MappingConfig.to_dict()`; every key is optional and defaults to RULES.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

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


class ConfigError(ValueError):
    pass


def config_from_dict(data: dict[str, Any] | None, base: MappingConfig | None = None) -> MappingConfig:
    """Validate `data` (the JSON of `--config` or of a stored period) over `base` (the default)."""
    base = base or MappingConfig()
    data = dict(data or {})
    known = set(MappingConfig.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"kunci konfigurasi tidak dikenal: {', '.join(unknown)}")
    merged = base.to_dict()
    merged.update(data)
    if merged["performance_source"] not in PERFORMANCE_SOURCES:
        raise ConfigError(f"performance_source harus salah satu dari {', '.join(PERFORMANCE_SOURCES)}")
    if merged["performance_combine"] not in COMBINE_MODES:
        raise ConfigError(f"performance_combine harus salah satu dari {', '.join(COMBINE_MODES)}")
    if merged["jpm_standard"] not in JPM_STANDARDS:
        raise ConfigError(f"jpm_standard harus salah satu dari {', '.join(JPM_STANDARDS)}")
    years = int(merged["performance_years"])
    if not 1 <= years <= 3:
        raise ConfigError("performance_years harus 1 sampai 3")
    weights = {k: float(v) for k, v in dict(merged["weights"]).items()}
    bad = sorted(set(weights) - set(WEIGHT_KEYS))
    if bad:
        raise ConfigError(f"bobot tidak dikenal: {', '.join(bad)}")
    if any(v < 0 for v in weights.values()) or abs(sum(weights.values()) - 1.0) > 1e-6:
        raise ConfigError("bobot harus tidak negatif dan berjumlah 1")
    bands = {k: float(v) for k, v in dict(merged["potential_bands"]).items()}
    if set(bands) != {"tinggi", "menengah"} or not bands["menengah"] <= bands["tinggi"]:
        raise ConfigError("potential_bands harus {'tinggi': x, 'menengah': y} dengan y ≤ x")
    readiness = {int(k): str(v) for k, v in dict(merged["readiness"]).items()}
    if set(readiness) != set(range(1, 10)) or not set(readiness.values()) <= set(READINESS):
        raise ConfigError("readiness harus memetakan kotak 1–9 ke " + ", ".join(READINESS))
    validity = int(merged["assessment_validity_years"])
    if validity < 1:
        raise ConfigError("assessment_validity_years harus ≥ 1")
    share = float(merged["distribution_max_baik_share"])
    if not 0 < share <= 1:
        raise ConfigError("distribution_max_baik_share harus lebih dari 0 dan paling besar 1")
    if not isinstance(merged["jpm_display_cap"], bool):
        raise ConfigError("jpm_display_cap harus true atau false")
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
        raise ConfigError(f"preset tidak dikenal: {name}")
    return config_from_dict(PRESETS[name])
