"""Pure rules of talent mapping (RULES.md §2–§5): no Django, no clock, no database.

Public API (stable; the placement app builds on it):

- `config.MappingConfig`, `config.PRESETS`, `config.config_from_dict()`
- `ninebox.box()`, `ninebox.GRID`, `ninebox.LABELS`, `ninebox.RECOMMENDATIONS`, `ninebox.readiness()`
- `performance.year_level()`, `performance.combine()`, `performance.performance()`
- `potential.potential_score()`, `potential.potential_level()`, `potential.assessment_status()`,
  `potential.track_record_parts()`
- `mapping.map_one()` (scalar) and `bulk.map_bulk()` (numpy; identical results)
"""
