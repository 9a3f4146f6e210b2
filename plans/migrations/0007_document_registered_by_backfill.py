# Each document's registering committee (issue 16, item 1), the uniqueness within each register follows in 0008.

from django.db import migrations

# treebeard's step length (organizations.models.Organization.steplen): an advisory body's parent path.
STEPLEN = 4


def registering_committees(apps, schema_editor):
    """Each document's registering committee, from what the register knows: the plan whose text it is (its
    owner), else the committee whose office the person who registered it served, else a plan citing it."""
    Document = apps.get_model("plans", "Document")
    Membership = apps.get_model("organizations", "Membership")
    Organization = apps.get_model("organizations", "Organization")
    PlanReference = apps.get_model("plans", "PlanReference")
    served: dict[int, int] = {}
    for user_id, path in (
        Membership.objects.filter(is_active=True, organization__kind="advisory", organization__depth__gt=1)
        .order_by("pk")
        .values_list("user_id", "organization__path")
    ):
        committee = Organization.objects.filter(path=path[:-STEPLEN]).values_list("pk", flat=True).first()
        if committee is not None:
            served.setdefault(user_id, committee)
    for document in Document.objects.filter(registered_by__isnull=True).select_related("plan").iterator():
        owner = getattr(document, "plan", None)
        committee = owner.owner_id if owner is not None else served.get(document.created_by_id)
        if committee is None:
            committee = (
                PlanReference.objects.filter(document=document)
                .order_by("pk")
                .values_list("plan__owner_id", flat=True)
                .first()
            )
        if committee is not None:
            Document.objects.filter(pk=document.pk).update(registered_by_id=committee)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_trust_anchors_signing_certificates"),
        ("plans", "0006_document_registered_by"),
    ]

    operations = [
        migrations.RunPython(registering_committees, migrations.RunPython.noop),
    ]
