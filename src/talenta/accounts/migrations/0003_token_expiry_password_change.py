"""Every API token expires: a token created without an expiry gets one (90 days from this migration, so
no script breaks at once), then the column is NOT NULL. Users get `must_change_password`."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def expire_legacy_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_access_apitoken")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="must_change_password",
            field=models.BooleanField(default=False, verbose_name="must change password"),
        ),
        migrations.RunPython(expire_legacy_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
    ]
