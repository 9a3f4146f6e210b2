"""The compliance matrix marks a cell whose latest version carries a validly signed file, from the page's own
query (the number of queries is the matrix's usual one); a version whose signature is not valid, or a PDF
without one, gets no mark. As office staff (owner), a grassroots secretary (member) and an outsider."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from organizations.tests.signatures import pki
from tasks.models import Due
from tasks.submissions.services import due_submit
from tasks.tests.monitoring.test_matrix import MATRIX_QUERIES_COLD, MATRIX_QUERIES_WARM, body_rows
from tests.monitoring_setup import TODAY, build_bloc
from tests.signatures_support import install_signers, pdf_upload, signed, tampered

pytestmark = pytest.mark.django_db

MARK = '<sup class="signed-mark" aria-hidden="true">✍</sup>'


@pytest.fixture(autouse=True)
def frozen_time():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield
    cache.clear()


@pytest.fixture
def bloc():
    bloc = build_bloc()
    signers = install_signers()
    soon = {org: Due.objects.get(task=bloc.soon, organization=org) for org in (bloc.a, bloc.b, bloc.c)}
    due_submit(due=soon[bloc.a], user=bloc.secretary, files=[pdf_upload(signed(signers.secretary))])
    due_submit(due=soon[bloc.b], user=bloc.secretary, files=[pdf_upload(tampered(signed(signers.secretary)))])
    due_submit(due=soon[bloc.c], user=bloc.secretary, files=[pdf_upload(pki.simple_pdf())])
    return bloc


def soon_cell(row: str) -> str:
    """The cell of the `soon` task (the second column) in a row's HTML."""
    return re.findall(r"<td[^>]*>.*?</td>", row)[1]


def test_a_cell_whose_latest_version_is_validly_signed_is_marked(client, bloc, django_assert_num_queries):
    client.force_login(bloc.staff)
    url = reverse("matrix", args=[bloc.plan.pk])
    with django_assert_num_queries(MATRIX_QUERIES_COLD):
        response = client.get(url)
    rows = body_rows(response)

    signed_cell = soon_cell(rows[bloc.a.name])
    assert MARK in signed_cell
    assert 'aria-label="Đã nộp, lần nộp mới nhất có chữ ký số hợp lệ"' in signed_cell
    assert MARK not in soon_cell(rows[bloc.b.name])  # changed after signing
    assert MARK not in soon_cell(rows[bloc.c.name])  # unsigned
    assert response.content.decode().count(MARK) == 1 + 1  # the cell, and the legend
    assert "lần nộp mới nhất có chữ ký số hợp lệ</li>" in response.content.decode()
    with django_assert_num_queries(MATRIX_QUERIES_WARM):
        client.get(url)


def test_the_matrix_stays_closed_to_members_and_outsiders(client, bloc):
    for user in (bloc.secretary, bloc.outsider):
        client.force_login(user)
        assert client.get(reverse("matrix", args=[bloc.plan.pk])).status_code == 404
