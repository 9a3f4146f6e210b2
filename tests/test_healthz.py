"""/healthz/: the probe that docker-compose.yml (and any load balancer) uses to see the web server is up."""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse


@pytest.mark.django_db
def test_it_answers_ok_after_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "SELECT 1" in captured.captured_queries[0]["sql"]
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_needs_no_login_and_sits_at_a_fixed_path(client):
    # docker-compose.yml probes this path literally.
    assert reverse("healthz") == "/healthz/"
    assert client.get("/healthz/").status_code == 200


@pytest.mark.django_db
def test_it_reports_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.content == b"database unavailable"


@pytest.mark.django_db
def test_it_rejects_writes(client):
    assert client.post("/healthz/").status_code == 405
