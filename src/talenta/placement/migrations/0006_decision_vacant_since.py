from django.db import migrations, models


def backfill(apps, schema_editor):
    """Applied decisions of a filling process: the post fell vacant on the process's own date."""
    Decision = apps.get_model("placement", "Decision")
    rows = (
        Decision.objects.filter(applied=True, vacant_since__isnull=True, filling_post__vacant_on__isnull=False)
        .values_list("pk", "filling_post__vacant_on")
        .iterator(chunk_size=1000)
    )
    batch = []
    for pk, vacant_on in rows:
        batch.append(Decision(pk=pk, vacant_since=vacant_on))
        if len(batch) == 1000:
            Decision.objects.bulk_update(batch, ["vacant_since"])
            batch = []
    Decision.objects.bulk_update(batch, ["vacant_since"])


class Migration(migrations.Migration):
    dependencies = [("placement", "0005_mutasi")]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="vacant_since",
            field=models.DateField(blank=True, null=True, verbose_name="vacant since"),
        ),
        # Reversible: going back drops the column, so there is nothing to undo.
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
