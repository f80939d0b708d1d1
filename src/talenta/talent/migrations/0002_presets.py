"""Ship the named presets (RULES.md §4) as stored configurations an administrator picks per period."""

from django.db import migrations

PRESETS = {
    "default": ("RULES.md §4 default: 0,5 JPM + 0,4 potensi + 0,1 rekam jejak; kinerja dari predikat, "
                "2 tahun, terendah.", {}),
    "kepka411": ("Kepka BKN 411/2025 (SIMATA), PERLU VERIFIKASI: potensial 40% kompetensi + 25% potensi + "
                 "20% kualifikasi + 15% integritas; kinerja 60% predikat + 40% kinerja penguat (disimpan, "
                 "belum diterapkan).",
                 {"weights": {"jpm": 0.40, "potential": 0.25, "qualification": 0.20, "integrity": 0.15},
                  "performance_reinforcing_weight": 0.40}),
}


def forwards(apps, schema_editor):
    MappingPreset = apps.get_model("talent", "MappingPreset")
    for name, (description, config) in PRESETS.items():
        MappingPreset.objects.update_or_create(
            name=name, defaults={"description": description, "config": config, "verified": False}
        )


def backwards(apps, schema_editor):
    apps.get_model("talent", "MappingPreset").objects.filter(name__in=PRESETS).delete()


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
