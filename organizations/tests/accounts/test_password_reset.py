"""Password reset (issue 16 item 5, issue 17 item 15): linked from the login page, in Plantrack's own pages and
words, the e-mail sent by the Celery task, throttled by address and by account, never saying whether an
account has the address."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from organizations.models import PasswordResetRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2024, 3, 4, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def user():
    return UserFactory(username="lan", email="lan@example.org", first_name="Lan", last_name="Nguyễn Thị")


def _ask(client, email, address="10.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_the_login_page_links_to_the_reset_page_in_the_apps_own_look(client):
    login = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in login
    assert "Quên mật khẩu?" in login
    page = client.get(reverse("password_reset")).content.decode()
    assert "Quên mật khẩu?" in page
    assert "Django" not in page  # not the admin's "Trang web admin Django"
    assert 'id="nav-main"' not in page  # anonymous: no menu, the app's layout


def test_a_reset_link_is_mailed_by_the_celery_task_and_sets_the_password(client, user, monkeypatch):
    from organizations import tasks

    calls = []
    original = tasks.send_password_reset.delay
    monkeypatch.setattr(tasks.send_password_reset, "delay", lambda *a: calls.append(a) or original(*a))
    response = _ask(client, "LAN@example.org")
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert calls == [(user.pk, "http://testserver/")]
    (message,) = mail.outbox
    assert message.to == ["lan@example.org"]
    assert "mật khẩu" in message.subject
    assert "Xin chào" in message.body and "lan" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Chọn mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Sao-Khue-2024!", "new_password2": "Sao-Khue-2024!"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Sao-Khue-2024!")
    assert "Đăng nhập" in client.get(done.url).content.decode()
    # The link works once.
    assert "đã được dùng" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, user):
    response = _ask(client, "nobody@example.org")
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_bad_input_is_answered_in_vietnamese_and_kept(client):
    response = _ask(client, "not-an-address")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đây không phải là địa chỉ e-mail." in body
    assert 'value="not-an-address"' in body


def test_one_account_is_sent_three_links_an_hour_whatever_the_address(client, user):
    with time_machine.travel(START, tick=False) as clock:
        for n in range(3):
            assert _ask(client, user.email, address=f"10.0.0.{n + 1}").status_code == 302
        refused = _ask(client, user.email, address="10.0.0.9")
        assert refused.status_code == 429
        assert "Thử lại sau một giờ" in refused.content.decode()
        assert f'value="{user.email}"' in refused.content.decode()
        assert len(mail.outbox) == 3
        clock.shift(datetime.timedelta(hours=1, minutes=1))
        assert _ask(client, user.email).status_code == 302
        assert len(mail.outbox) == 4


def test_one_address_asks_five_times_an_hour_whatever_the_account(client, user):
    with time_machine.travel(START, tick=False):
        for n in range(5):
            assert _ask(client, f"someone{n}@example.org").status_code == 302
        assert _ask(client, user.email).status_code == 429
        assert mail.outbox == []
        assert _ask(Client(), user.email, address="10.0.0.2").status_code == 302
        assert len(mail.outbox) == 1


def test_old_requests_are_forgotten(client):
    with time_machine.travel(START, tick=False) as clock:
        _ask(client, "a@example.org")
        clock.shift(datetime.timedelta(days=2))
        _ask(client, "b@example.org")
    assert list(PasswordResetRequest.objects.values_list("email", flat=True)) == ["b@example.org"]


def test_an_inactive_account_gets_no_link(client, user):
    user.is_active = False
    user.save()
    _ask(client, user.email)
    assert mail.outbox == []
