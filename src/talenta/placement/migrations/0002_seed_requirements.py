from django.db import migrations

from talenta.placement.defaults import DEFAULT_REQUIREMENTS


def seed(apps, schema_editor):
    RequirementSet = apps.get_model("placement", "RequirementSet")
    for level, data in DEFAULT_REQUIREMENTS.items():
        if not RequirementSet.objects.filter(level=level).exists():
            RequirementSet.objects.create(level=level, version=1, data=data, is_current=True, created_by="system",
                                          note="RULES.md §6 default")


def unseed(apps, schema_editor):
    apps.get_model("placement", "RequirementSet").objects.filter(version=1, created_by="system").delete()


class Migration(migrations.Migration):
    dependencies = [("placement", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
