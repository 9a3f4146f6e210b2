"""Obligations, last step (after 0010 converted the old dues): every due names its plan, and the constraints of
docs/domain.md §6 hold: a task for a deliverable or own work, none for a periodic report, one report per
organization and period."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0008_document_unique_per_register"),
        ("tasks", "0011_convert_dues_to_obligations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="due",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="dues",
                to="plans.plan",
                verbose_name="plan",
            ),
        ),
        migrations.AddIndex(
            model_name='due',
            index=models.Index(fields=['plan', 'kind'], name='tasks_due_plan_id_ebcd17_idx'),
        ),
        migrations.AddConstraint(
            model_name='due',
            constraint=models.UniqueConstraint(condition=models.Q(('task__isnull', False)), fields=('task', 'organization', 'period'), name='due_unique_period'),
        ),
        migrations.AddConstraint(
            model_name='due',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'report')), fields=('plan', 'organization', 'period'), name='due_unique_report'),
        ),
        migrations.AddConstraint(
            model_name='due',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'report'), ('task__isnull', True)), models.Q(models.Q(('kind', 'report'), _negated=True), ('task__isnull', False)), _connector='OR'), name='due_task_unless_report'),
        ),
    ]
