"""Obligations (docs/domain.md §6): a due names its plan and its kind; a periodic report names no task;
the lines of a periodic report. The plan is filled in from the task here, the old dues are converted in
0011, and the constraints come in 0012 once every row fits them."""

import django.db.models.deletion
from django.db import migrations, models


def backfill_plan(apps, schema_editor):
    Due = apps.get_model("tasks", "Due")
    Task = apps.get_model("tasks", "Task")
    Due.objects.filter(plan__isnull=True).update(
        plan_id=models.Subquery(Task.objects.filter(pk=models.OuterRef("task_id")).values("plan_id")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0002_trust_anchors_signing_certificates'),
        ('plans', '0008_document_unique_per_register'),
        ('tasks', '0009_task_parent_task'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(blank=True, choices=[('not_started', 'Not started'), ('in_progress', 'In progress'), ('done', 'Done'), ('not_applicable', 'Not applicable')], max_length=16, verbose_name='state of the work')),
                ('result', models.TextField(blank=True, verbose_name='result')),
                ('figure', models.CharField(blank=True, max_length=120, verbose_name='figures')),
            ],
            options={
                'verbose_name': 'report line',
                'verbose_name_plural': 'report lines',
                'ordering': ['due', 'task__position', 'pk'],
            },
        ),
        migrations.AlterModelOptions(
            name='due',
            options={'ordering': ['due_on', 'pk'], 'verbose_name': 'due', 'verbose_name_plural': 'dues'},
        ),
        migrations.RemoveConstraint(
            model_name='due',
            name='due_unique_period',
        ),
        migrations.AddField(
            model_name='due',
            name='kind',
            field=models.CharField(choices=[('deliverable', 'Deliverable'), ('report', 'Periodic report'), ('own', 'Own work')], db_index=True, default='deliverable', max_length=16, verbose_name='obligation'),
        ),
        migrations.AddField(
            model_name='due',
            name='plan',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='dues', to='plans.plan', verbose_name='plan'),
        ),
        migrations.AlterField(
            model_name='due',
            name='task',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='dues', to='tasks.task', verbose_name='task'),
        ),
        migrations.AddField(
            model_name='reportline',
            name='due',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_lines', to='tasks.due', verbose_name='due'),
        ),
        migrations.AddField(
            model_name='reportline',
            name='submission',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='tasks.submission', verbose_name='submission'),
        ),
        migrations.AddField(
            model_name='reportline',
            name='task',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_lines', to='tasks.task', verbose_name='task'),
        ),
        migrations.AddConstraint(
            model_name='reportline',
            constraint=models.UniqueConstraint(condition=models.Q(('submission__isnull', False)), fields=('submission', 'task'), name='reportline_unique_in_version'),
        ),
        migrations.AddConstraint(
            model_name='reportline',
            constraint=models.UniqueConstraint(condition=models.Q(('submission__isnull', True)), fields=('due', 'task'), name='reportline_unique_draft'),
        ),
        migrations.RunPython(backfill_plan, migrations.RunPython.noop),
    ]
