"""Issue 12/13 data: give each edited requirement table to the instansi of the admin who edited it, and
make the national default show the years before BUP as information only.

Not reversible as data: the attribution cannot be told apart from later per-instansi edits (reversing is
a no-op; migration 0003's reverse then needs at most one current version per level)."""

from django.db import migrations
from django.db.models import Max

BATCH = 500


def forwards(apps, schema_editor):
    RequirementSet = apps.get_model("placement", "RequirementSet")
    User = apps.get_model("accounts", "User")
    owners = dict(
        User.objects.exclude(instansi_id=None)
        .filter(username__in=RequirementSet.objects.exclude(created_by__in=["", "system"]).values("created_by"))
        .values_list("username", "instansi_id")
    )
    edited = list(RequirementSet.objects.filter(created_by__in=list(owners)))
    for rs in edited:
        rs.instansi_id = owners[rs.created_by]
        rs.is_current = False
    RequirementSet.objects.bulk_update(edited, ["instansi_id", "is_current"], batch_size=BATCH)
    # One current version per (instansi, level): the latest.
    groups = RequirementSet.objects.values("instansi_id", "level").annotate(top=Max("version"))
    for g in groups:
        RequirementSet.objects.filter(instansi_id=g["instansi_id"], level=g["level"]).exclude(
            version=g["top"]
        ).update(is_current=False)
        RequirementSet.objects.filter(instansi_id=g["instansi_id"], level=g["level"], version=g["top"]).update(
            is_current=True
        )
    # The national default: years before BUP is not a RULES.md requirement (issue 13 item 1).
    for rs in list(RequirementSet.objects.filter(instansi_id=None, is_current=True)):
        if int(rs.data.get("min_years_before_bup") or 0) == 0:
            continue
        top = RequirementSet.objects.filter(instansi_id=None, level=rs.level).aggregate(m=Max("version"))["m"]
        rs.is_current = False
        rs.save(update_fields=["is_current"])
        RequirementSet.objects.create(
            instansi_id=None,
            level=rs.level,
            version=top + 1,
            data={**rs.data, "min_years_before_bup": 0},
            is_current=True,
            created_by="system",
            note="Issue 13: sisa masa kerja sebelum BUP sebagai informasi, bukan persyaratan",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("placement", "0003_requirements_per_instansi"),
        ("accounts", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
