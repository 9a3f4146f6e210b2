"""The compliance matrix marks a cell whose latest version carries a validly signed file, from the page's own
query (the number of queries is the matrix's usual one); a version whose signature is not valid, or a PDF
without one, gets no mark. As office staff (owner), a grassroots secretary (member) and an outsider."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from organizations.tests.signatures import pki
from tasks.models import Due
from tasks.submissions.services import due_submit
from tasks.tests.monitoring.test_matrix import MATRIX_QUERIES_COLD, MATRIX_QUERIES_WARM, TODAY, body_rows
from tests.signatures_support import install_signers, pdf_upload, signed, tampered
from tests.world import add_task_due_soon, hand_in_the_dated_task

pytestmark = pytest.mark.django_db

MARK = '<sup class="signed-mark" aria-hidden="true">✍</sup>'


@pytest.fixture(autouse=True)
def frozen_time():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield
    cache.clear()


@pytest.fixture
def soon(world):
    """The task due soon, handed in by Sở Tài chính with a validly signed PDF, by Sở Y tế with one changed
    after signing and by Sở Tư pháp with an unsigned one; the dated task stands in every state beside it."""
    soon = add_task_due_soon(world)
    states = hand_in_the_dated_task(world)
    signers = install_signers()
    cell_secretary = states.accepted.memberships.get().user
    for org, user, data in (
        (world.org, world.secretary, signed(signers.secretary)),
        (world.sibling_org, world.sibling, tampered(signed(signers.secretary))),
        (world.cell, cell_secretary, pki.simple_pdf()),
    ):
        due_submit(due=Due.objects.get(task=soon, organization=org), user=user, files=[pdf_upload(data)])
    return soon


def soon_cell(row: str) -> str:
    """The cell of the task due soon in a row's HTML: the second column, after the dated task (the obligations
    in the order they fall due)."""
    return re.findall(r"<td[^>]*>.*?</td>", row)[1]


def test_a_cell_whose_latest_version_is_validly_signed_is_marked(
    client, world, soon, django_assert_num_queries
):
    client.force_login(world.staff)
    url = reverse("matrix", args=[world.plan.pk])
    with django_assert_num_queries(MATRIX_QUERIES_COLD):
        response = client.get(url)
    rows = body_rows(response)

    head = response.content.decode().split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert re.findall(r'<a href="#col-\d+" title="([^"]*)">', head)[1] == soon.label  # II.2.1.c
    signed_cell = soon_cell(rows[world.org.name])
    assert MARK in signed_cell
    assert 'aria-label="Đã nộp, lần nộp mới nhất có chữ ký số hợp lệ"' in signed_cell
    assert MARK not in soon_cell(rows[world.sibling_org.name])  # changed after signing
    assert MARK not in soon_cell(rows[world.cell.name])  # unsigned
    assert response.content.decode().count(MARK) == 1 + 1  # the cell, and the legend
    assert "lần nộp mới nhất có chữ ký số hợp lệ</li>" in response.content.decode()
    # The submissions were made this very second: until they are settled (tasks/monitoring/journal.py) the
    # remembered totals read the journal's new rows once more per view.
    with django_assert_num_queries(MATRIX_QUERIES_WARM + 1):
        client.get(url)
    with time_machine.travel(TODAY + datetime.timedelta(minutes=1), tick=False):
        client.get(url)
        with django_assert_num_queries(MATRIX_QUERIES_WARM):
            client.get(url)


def test_the_matrix_stays_closed_to_members_and_outsiders(client, world, soon):
    for user in (world.secretary, world.outsider_staff, world.outsider_secretary):
        client.force_login(user)
        assert client.get(reverse("matrix", args=[world.plan.pk])).status_code == 404
