"""Numbers and dates of the plan pages stay within the bounds of organizations/params.py: a typing slip
gets a message, never a server error (issue 16, item 4)."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from organizations.models import Organization
from plans.models import Document
from tasks.models import Due, Task
from tasks.planning.forms import TaskRuleForm

pytestmark = pytest.mark.django_db


def _rule_data(task, **overrides):
    data = {k: v for k, v in model_to_dict(task, fields=TaskRuleForm._meta.fields).items() if v is not None}
    data["awaited_issuer"] = task.awaited_issuer_id
    data.update(overrides)
    return data


@pytest.mark.parametrize("lead_days", ["3000000", "3661", "2147483647"])
def test_a_lead_time_past_ten_years_is_refused(world, lead_days):
    form = TaskRuleForm(
        _rule_data(world.waiting, lead_days=lead_days),
        instance=world.waiting,
        issuers=Organization.objects.all(),
    )
    assert not form.is_valid()
    assert "lead_days" in form.errors


def test_a_lead_time_of_ten_years_is_kept(world):
    form = TaskRuleForm(
        _rule_data(world.waiting, lead_days="3660"),
        instance=world.waiting,
        issuers=Organization.objects.all(),
    )
    assert form.is_valid(), form.errors


def test_a_guidance_dated_in_year_9999_is_refused_with_what_was_typed_kept(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("guidance_register"),
        {
            "symbol": "12-HD/TU",
            "issued_on": "20/12/9999",
            "issuer": str(world.provincial.pk),
            "title": "Hướng dẫn quy chế làm việc",
            "tasks": [str(world.waiting.pk)],
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhập một ngày trong khoảng năm 1900 đến 2100" in body
    assert 'value="12-HD/TU"' in body
    assert not Document.objects.filter(symbol="12-HD/TU").exists()
    assert not Due.objects.filter(task__kind=Task.Kind.TRIGGERED).exists()
