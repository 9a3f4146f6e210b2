# Symbol and date unique within each committee's register (issue 16, item 1); a migration of its own, since
# PostgreSQL cannot create an index in the transaction that filled registered_by (pending trigger events).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_document_registered_by_backfill"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("withdrawn_at__isnull", True)),
                fields=("registered_by", "symbol", "issued_on"),
                name="document_unique_registered_symbol_date",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("issued_on__isnull", True), ("withdrawn_at__isnull", True)),
                fields=("registered_by", "symbol"),
                name="document_unique_registered_undated_symbol",
            ),
        ),
    ]
