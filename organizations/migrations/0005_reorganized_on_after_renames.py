"""A rename now sets ``reorganized_on`` (organizations/reorganization/names.py reads the name history only for
days before it): organizations renamed before this get it from their name history."""

from django.db import migrations
from django.db.models import Max


def forwards(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    OrganizationName = apps.get_model("organizations", "OrganizationName")
    latest = OrganizationName.objects.values("organization_id").annotate(day=Max("valid_from"))
    for row in latest:
        if row["day"] is None:
            continue
        organization = Organization.objects.get(pk=row["organization_id"])
        if organization.reorganized_on is None or organization.reorganized_on < row["day"]:
            organization.reorganized_on = row["day"]
            organization.save(update_fields=["reorganized_on"])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_password_reset_requests")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
