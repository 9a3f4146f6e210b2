"""Signing in: django-axes locks a user name from one address after 5 wrong passwords (behind a proxy too),
two-step verification (TOTP) for anyone who switches it on, and for every superuser, the admin included."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations.accounts import two_factor
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2024, 3, 4, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
WRONG_LOGIN = (
    "Vui lòng điền vào"  # Django's own "Please enter a correct username and password", in Vietnamese
)
OTP_MIDDLEWARE = (
    "django_otp.middleware.OTPMiddleware",
    "organizations.accounts.two_factor.SecondFactorMiddleware",
)


@pytest.fixture(autouse=True)
def _fast_hashes(settings):
    """A fast hasher: these tests check many passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(world):
    fast = make_password(PASSWORD)
    for user in (world.secretary, world.staff, world.sibling):
        user.password = fast
        user.save(update_fields=["password"])
    return world


@pytest.fixture
def superuser():
    return UserFactory(username="admin", is_superuser=True, is_staff=True, password=make_password(PASSWORD))


def login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def code(device, *, offset: int = 0) -> str:
    """The code an authenticator app shows now (or `offset` steps later) for `device`."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0 - offset * device.step, device.digits, device.drift):06d}"


# --- django-axes ------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_that_user_name_from_that_address(client, world, clock):
    for _ in range(4):
        response = login(client, "bithu", "sai-mat-khau")
        assert response.status_code == 200
        assert WRONG_LOGIN in response.content.decode()
    fifth = login(client, "bithu", "sai-mat-khau")
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "Đăng nhập tạm thời bị khóa" in page
    assert "Mật khẩu đã bị nhập sai 5 lần liên tiếp" in page
    assert "bị khóa trong 30 phút" in page
    assert fifth["Content-Security-Policy"]  # the lockout page has the same headers as every page

    right = login(client, "bithu")  # even the right password is refused now
    assert right.status_code == 429
    assert not signed_in(client)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "bithu",
        "127.0.0.1",
        6,
    )


def test_the_lock_does_not_touch_other_users_or_other_addresses(client, world, clock):
    for _ in range(5):
        login(client, "bithu", "sai-mat-khau")
    assert login(client, "bithu").status_code == 429

    other_user = login(client, "vanphong")
    assert other_user.status_code == 302 and other_user["Location"] == reverse("home")
    client.logout()
    elsewhere = login(client, "bithu", REMOTE_ADDR="10.20.30.40")
    assert elsewhere.status_code == 302
    assert signed_in(client)


def test_the_lock_ends_after_30_minutes(client, world, clock):
    for _ in range(5):
        login(client, "bithu", "sai-mat-khau")
    clock.shift(datetime.timedelta(minutes=29))
    assert login(client, "bithu").status_code == 429
    clock.shift(datetime.timedelta(minutes=31))  # counted from the last attempt
    response = login(client, "bithu")
    assert response.status_code == 302
    assert signed_in(client)


def test_a_success_resets_the_count(client, world, clock):
    for _ in range(4):
        login(client, "bithu", "sai-mat-khau")
    assert login(client, "bithu").status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "bithu", "sai-mat-khau").status_code == 200
    assert login(client, "bithu").status_code == 302


@pytest.fixture
def one_proxy(settings):
    """What PLANTRACK_PROXY_COUNT=1 sets (tests/test_security_settings.py checks that mapping)."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.IPWARE_STRICT = False


def test_behind_one_proxy_the_address_is_the_one_the_proxy_saw(client, world, clock, one_proxy):
    # nginx on the same host appends the address it saw; whatever the client put before it is not trusted.
    for spoof in range(5):
        response = login(
            client,
            "bithu",
            "sai-mat-khau",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{spoof}, 203.113.5.9",
        )
    assert response.status_code == 429  # changing the forged part did not escape the count
    assert AccessAttempt.objects.get().ip_address == "203.113.5.9"
    # Another computer behind the same proxy is not locked out.
    other = login(client, "bithu", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.113.5.10")
    assert other.status_code == 302


def test_behind_one_proxy_an_office_lan_address_is_used_too(client, world, clock, one_proxy):
    login(client, "vanphong", "sai", REMOTE_ADDR="172.18.0.3", HTTP_X_FORWARDED_FOR="192.168.1.20")
    assert AccessAttempt.objects.get().ip_address == "192.168.1.20"


def test_without_a_proxy_a_forwarded_header_is_ignored(client, world, clock):
    login(client, "vanphong", "sai", REMOTE_ADDR="203.113.5.9", HTTP_X_FORWARDED_FOR="8.8.8.8")
    assert AccessAttempt.objects.get().ip_address == "203.113.5.9"


def test_the_admin_login_goes_through_the_same_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=%2Fadmin%2F"


# --- two-step verification (TOTP) ---------------------------------------------------------------------------


def test_a_user_switches_it_on_then_login_asks_for_the_code(client, world, clock):
    client.force_login(world.secretary)
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xác thực hai bước" in html
    assert 'src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=world.secretary)
    assert not device.confirmed
    assert two_factor.secret_for_typing(device).replace(" ", "") in html.replace(" ", "")
    qr = re.search(r'src="(data:image/svg\+xml;base64,[^"]+)"', html).group(1)
    assert qr in client.get(reverse("two_factor_setup")).content.decode()  # the same secret on reload
    assert TOTPDevice.objects.filter(user=world.secretary).count() == 1

    wrong = client.post(
        reverse("two_factor_setup"), {"token": "000000" if code(device) != "000000" else "111111"}
    )
    assert "Mã không đúng hoặc đã hết hạn" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    clock.shift(datetime.timedelta(seconds=30))  # past the throttle of the wrong code
    response = client.post(reverse("two_factor_setup"), {"token": code(device)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("two_factor_setup")
    assert "Đã bật xác thực hai bước" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    clock.shift(datetime.timedelta(minutes=1))
    response = login(client, "bithu")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor_verify')}?next=%2F"
    # Signed in with the password only: every page leads to the code page.
    for url in (reverse("home"), reverse("due_list"), reverse("two_factor_setup"), "/admin/"):
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert blocked["Location"].startswith(reverse("two_factor_verify") + "?next="), url
    htmx = client.get(reverse("due_list"), HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith(reverse("two_factor_verify"))

    refused = client.post(reverse("two_factor_verify"), {"token": code(device, offset=5), "next": "/dues/"})
    assert refused.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in refused.content.decode()
    assert client.get(reverse("home")).status_code == 302

    clock.shift(datetime.timedelta(seconds=30))
    accepted = client.post(reverse("two_factor_verify"), {"token": code(device), "next": "/dues/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/dues/"
    assert client.get(reverse("due_list")).status_code == 200


def test_a_code_cannot_be_used_twice(client, world, clock):
    device = TOTPDevice.objects.create(user=world.secretary, name="Plantrack", confirmed=True)
    assert login(client, "bithu")["Location"].startswith(reverse("two_factor_verify"))
    token = code(device)
    assert client.post(reverse("two_factor_verify"), {"token": token}).status_code == 302
    client.logout()
    login(client, "bithu")
    again = client.post(reverse("two_factor_verify"), {"token": token})
    assert again.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in again.content.decode()


def test_repeated_wrong_codes_make_the_user_wait(client, world, clock):
    device = TOTPDevice.objects.create(user=world.secretary, name="Plantrack", confirmed=True)
    login(client, "bithu")
    bad = code(device, offset=10)
    client.post(reverse("two_factor_verify"), {"token": bad})
    second = client.post(reverse("two_factor_verify"), {"token": code(device)})  # right, but too soon
    assert second.status_code == 200
    assert "Nhập sai quá nhiều lần: hãy chờ 1 giây" in second.content.decode()
    clock.shift(datetime.timedelta(seconds=1))
    assert client.post(reverse("two_factor_verify"), {"token": code(device)}).status_code == 302


def test_a_malformed_code_is_refused_in_vietnamese(client, world, clock):
    TOTPDevice.objects.create(user=world.secretary, name="Plantrack", confirmed=True)
    login(client, "bithu")
    for token, message in (
        ("", "Hãy nhập mã 6 chữ số."),
        ("12a456", "Mã gồm 6 chữ số."),
        ("1234", "Mã gồm 6 chữ số."),
    ):
        response = client.post(reverse("two_factor_verify"), {"token": token})
        assert message in response.content.decode(), token


def test_a_user_switches_it_off_with_a_current_code(client, world, clock):
    device = TOTPDevice.objects.create(user=world.secretary, name="Plantrack", confirmed=True)
    login(client, "bithu")
    client.post(reverse("two_factor_verify"), {"token": code(device)})
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Đang bật xác thực hai bước" in page and "Tắt" in page
    clock.shift(datetime.timedelta(seconds=30))
    response = client.post(reverse("two_factor_setup"), {"token": code(device)}, follow=True)
    assert "Đã tắt xác thực hai bước" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.secretary, confirmed=True).exists()
    assert "Bật xác thực hai bước" in response.content.decode()  # the setup page again, with a new secret
    client.logout()
    assert login(client, "bithu")["Location"] == reverse("home")


def test_users_without_it_sign_in_as_before_at_no_extra_query(client, world, settings):
    response = login(client, "bithu")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("due_list")).status_code == 200
    with CaptureQueriesContext(connection) as with_two_step:
        assert client.get(reverse("due_list")).status_code == 200
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name not in OTP_MIDDLEWARE]
    plain = Client()  # a new client loads the middleware afresh
    plain.force_login(world.secretary)
    assert plain.get(reverse("due_list")).status_code == 200
    with CaptureQueriesContext(connection) as without:
        assert plain.get(reverse("due_list")).status_code == 200
    assert len(with_two_step) == len(without)


def test_the_account_menu_offers_it(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert f'href="{reverse("two_factor_setup")}"' in page
    assert "Xác thực hai bước" in page


# --- superusers must use it ----------------------------------------------------------------------------------


def test_a_superuser_without_a_device_must_set_one_up_first(client, superuser, clock):
    response = login(client, "admin")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor_setup')}?next=%2F"
    for url in ("/admin/", reverse("dashboard"), reverse("document_list"), reverse("password_change")):
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert blocked["Location"].startswith(reverse("two_factor_setup") + "?next="), url
    assert client.post(reverse("logout")).status_code == 302  # leaving is always possible
    login(client, "admin")

    page = client.get(f"{reverse('two_factor_setup')}?next=/admin/")
    html = page.content.decode()
    assert "Quản trị viên bắt buộc phải dùng xác thực hai bước" in html
    assert 'name="next" value="/admin/"' in html
    device = TOTPDevice.objects.get(user=superuser)
    response = client.post(reverse("two_factor_setup"), {"token": code(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    # From now on: the code at every sign-in, and no way to switch it off.
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "không thể tắt" in page and 'name="token"' not in page
    clock.shift(datetime.timedelta(seconds=30))
    assert client.post(reverse("two_factor_setup"), {"token": code(device)}).status_code == 200
    assert TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()
    client.logout()
    response = login(client, "admin")
    assert response["Location"] == f"{reverse('two_factor_verify')}?next=%2F"
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_verify"))


def test_the_admin_site_itself_refuses_an_unverified_superuser(superuser, settings):
    """Even without the middleware (the belt), the admin site (the braces) wants a verified session."""
    TOTPDevice.objects.create(user=superuser, name="Plantrack", confirmed=True)
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != OTP_MIDDLEWARE[1]]
    client = Client()
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_switching_it_on_ends_the_users_other_sessions(world, clock):
    """Issue 16, item 6: as a password change does, turning two-step verification on signs out every other
    session of the user (one opened with the password alone), and only the user's."""
    setting_up, elsewhere, colleague = Client(), Client(), Client()
    for client, user in (
        (setting_up, world.secretary),
        (elsewhere, world.secretary),
        (colleague, world.sibling),
    ):
        assert login(client, user.username).status_code == 302
    setting_up.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=world.secretary)
    before = setting_up.session.session_key

    response = setting_up.post(reverse("two_factor_setup"), {"token": code(device)})
    assert response.status_code == 302

    assert setting_up.get(reverse("due_list")).status_code == 200  # this session goes on, verified
    assert setting_up.session.session_key != before  # under a new key
    assert not signed_in(elsewhere)
    assert elsewhere.get(reverse("due_list"))["Location"].startswith(reverse("login"))
    assert signed_in(colleague) and colleague.get(reverse("due_list")).status_code == 200
