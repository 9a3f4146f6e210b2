"""Bad input everywhere: random query parameters (out-of-range years, ids wider than a database integer,
negative numbers, decomposed accents, zero-width characters) in the address of every page, and random data (unicode, script tags, huge strings, wrong dates such as 31/02/2023,
negative numbers, missing fields, stray fields, random files) POSTed to every URL of the application, as
the person the form is for and as an outsider: never a server error, and nothing written by an outsider.

Every named URL is a target (a URL that takes no POST must refuse it cleanly too). Where a page shows a
form that sends to the target, the fields are read from that page, so new fields are covered as they come.
Each example runs in a savepoint that is rolled back: every example starts from the same world.
"""

import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.factories import PASSWORD
from tests.fuzz_support import (
    NUMBERS,
    WRONG_DATES,
    ParsedForm,
    database_fingerprint,
    form_data,
    form_for,
    fuzz_targets,
    query_fields,
    texts,
    url_for,
    url_names,
)

pytestmark = pytest.mark.django_db

# Who each form is for (the world's attribute; None: a visitor not signed in). Anything else: office staff.
RIGHTFUL = {
    "login": None,
    "password_reset": None,
    "password_reset_confirm": None,
    "password_reset_done": None,
    "password_reset_complete": None,
    "due_submit": "secretary",
    "submission_withdraw": "sibling",  # who sent the version waiting for review
    "due_detail": "secretary",
    "due_list": "secretary",
    "period_report": "secretary",
    "report_form": "secretary",
    "submission_history": "secretary",
    "notifications": "secretary",
    "notifications_read": "secretary",
    "password_change": "secretary",
    "password_change_done": "secretary",
    "two_factor_setup": "secretary",
    "two_factor_verify": "secretary",
    "logout": "secretary",
    "set_language": "secretary",
    "home": "secretary",
    "calendar": "secretary",
    "calendar_feed_manage": "secretary",
    "calendar_feed": None,  # read by calendar programs at its secret address
    "due_comment": "secretary",
}
# The page that shows the form posting to a target, when it is not the target itself.
FORM_PAGE = {
    "submission_review": "submission_detail",
    "notifications_read": "notifications",
    "logout": "home",
    "set_language": "home",
    "calendar_feed_manage": "calendar",
    "due_remind": "due_detail",
    "due_extend": "due_detail",
    "due_not_applicable": "due_detail",
    "due_comment": "due_detail",
    "matrix_act": "matrix",
    "plan_import_review": "plan_import",
    "review_queue_accept": "review_queue",
}
# Fields a target reads that no page shows before the POST (the review step of an import, the code page).
EXTRA_FIELDS = {
    "plan_import_review": ("token", "action", "tasks-TOTAL_FORMS", "tasks-INITIAL_FORMS", "tasks-0-text"),
    "submission_review": ("decision", "reason", "next"),
    "password_reset_confirm": ("new_password1", "new_password2"),
    "two_factor_verify": ("token", "next"),
    "report_form": ("action",),
    "report_list": ("kind", "plan", "period", "start", "end", "organization", "format"),
    "board_report_list": ("plan", "organization", "period", "start", "end"),
    "board_report_edit": ("redraft", "action"),
}
# A person's own account: there is no outsider to it.
OWN_ACCOUNT = {
    "login",
    "logout",
    "set_language",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "two_factor_setup",
    "two_factor_verify",
    "notifications_read",  # marks the poster's own notifications
    "calendar_feed_manage",  # makes or revokes the poster's own calendar address
    "healthz",
}
# per target and person, for a URL whose page shows a form (PLANTRACK_FUZZ_EXAMPLES=500 for a deeper search)
FORM_EXAMPLES = int(os.environ.get("PLANTRACK_FUZZ_EXAMPLES") or 25)
OTHER_EXAMPLES = 4  # for a URL that takes no form: it must still refuse anything posted cleanly

ALL_URLS = sorted(url_names())


@pytest.fixture
def world(world, settings):
    # Passwords are checked on every sign-in and password change posted: a fast hasher keeps the test short.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = fuzz_targets(world)
    get_user_model().objects.update(password=make_password(PASSWORD))
    return world


def _client(world, who: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if who is not None:
        user = getattr(world, who)
        client.force_login(type(user).objects.get(pk=user.pk))  # with the password the world fixture set
    return client


def _fuzz(world, name: str, *, as_outsider: bool) -> None:
    rightful = RIGHTFUL.get(name, "staff")
    target = url_for(name, world)
    page = url_for(FORM_PAGE[name], world) if name in FORM_PAGE else target
    # The form as its rightful user sees it (an outsider posts the same fields).
    with transaction.atomic():
        form = form_for(_client(world, rightful), page=page, target=target)
        transaction.set_rollback(True)
    poster = "outsider_secretary" if as_outsider else rightful
    examples = FORM_EXAMPLES if form.fields else OTHER_EXAMPLES

    @settings(
        max_examples=examples,
        deadline=None,
        # The same examples on every run, so that CI cannot fail on a draw no one has seen; widen by hand.
        derandomize=True,
        database=None,
        # No shrinking: a failing example is reported as found (shrinking huge strings can take minutes).
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(data=form_data(form, EXTRA_FIELDS.get(name, ())), htmx=st.booleans())
    def post_random(data, htmx):
        with transaction.atomic():
            client = _client(world, poster)
            before = database_fingerprint() if as_outsider else None
            headers = {"HX-Request": "true"} if htmx else {}
            response = client.post(target, data, headers=headers)
            assert response.status_code < 500, (
                f"{response.status_code} for POST {target} as {poster} with {_short(data)}"
            )
            if as_outsider:
                after = database_fingerprint()
                changed = sorted(label for label in after if after[label] != before[label])
                assert not changed, f"an outsider's POST to {target} wrote to {changed}: {_short(data)}"
            transaction.set_rollback(True)

    post_random()


def _short(data: dict) -> str:
    return repr({k: (v[:80] + "…" if isinstance(v, str) and len(v) > 80 else v) for k, v in data.items()})


@pytest.mark.parametrize("name", ALL_URLS)
def test_random_posts_as_the_rightful_user_never_fail(world, name):
    _fuzz(world, name, as_outsider=False)


@pytest.mark.parametrize("name", sorted(set(ALL_URLS) - OWN_ACCOUNT))
def test_random_posts_by_an_outsider_never_fail_nor_write(world, name):
    _fuzz(world, name, as_outsider=True)


def test_the_forms_are_found(world):
    """The form pages really show the forms the fuzzing posts (else it would post into the void)."""
    expected = {
        "due_submit": {"text", "work_status", "document_symbol", "files"},
        "report_form": {"text", "document_symbol", "files"},
        "document_create": {"symbol", "issued_on", "issuer", "title", "files"},
        "submission_review": {"decision", "reason"},
        "task_edit": {"kind", "due_on"},
        "guidance_register": {"symbol", "issued_on", "issuer", "tasks"},
        "report_list": {"kind", "plan", "period", "format"},
        "board_report_list": {"plan", "organization", "period"},
        "board_report_edit": {"number", "issued_on", "section_results", "signature_name", "annexes"},
        "password_change": {"old_password", "new_password1", "new_password2"},
        "reminder_policy": set(),
        "plan_import": set(),
        "document_withdraw": {"reason"},
        "submission_withdraw": {"reason"},
    }
    for name, fields in expected.items():
        rightful = RIGHTFUL.get(name, "staff")
        target = url_for(name, world)
        page = url_for(FORM_PAGE[name], world) if name in FORM_PAGE else target
        form: ParsedForm = form_for(_client(world, rightful), page=page, target=target)
        assert form.fields, f"no form posting to {target} on {page}"
        assert fields <= set(form.fields), (name, sorted(form.fields))


# --- the address: query parameters --------------------------------------------------------------------

# Every query parameter a view reads (grep request.GET), besides those its page's filter forms show.
QUERY_NAMES = (
    "page",
    "year",
    "plan",
    "issuer",
    "organization",
    "period",
    "start",
    "end",
    "status",
    "outcome",
    "state",
    "kind",
    "type",
    "symbol",
    "stated_type",
    "q",
    "member",
    "org",
    "row",
    "due",
    "next",
)
GET_EXAMPLES = int(os.environ.get("PLANTRACK_FUZZ_EXAMPLES") or 12)
# The out-of-range values the probe of issue 16 found server errors with, asked every time.
ISSUE_16 = [
    ("secretary", "due_list", {"year": "-1"}),
    ("secretary", "due_list", {"year": "10000"}),
    ("secretary", "due_list", {"plan": "9223372036854775808"}),
    ("secretary", "submission_history", {"year": "-1"}),
    ("staff", "plan_list", {"year": "0"}),
    ("staff", "plan_list", {"year": "²"}),
    ("staff", "waiting_list", {"issuer": "9223372036854775808"}),
    ("staff", "waiting_list", {"issuer": "²"}),
    ("staff", "guidance_register", {"issuer": "9223372036854775808", "symbol": "1-HD/TU"}),
    ("staff", "task_report_answers", {"period": "9223372036854775808"}),  # the period report takes none now
]


@pytest.mark.parametrize(("who", "name", "params"), ISSUE_16, ids=lambda v: str(v))
def test_out_of_range_numbers_in_the_address_are_ignored(world, who, name, params):
    response = _client(world, who).get(url_for(name, world), params)
    assert response.status_code == 200, response.status_code


query_values = st.one_of(
    texts.filter(lambda v: len(v) < 10_000),
    st.sampled_from(NUMBERS + WRONG_DATES),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


@pytest.mark.parametrize("name", ALL_URLS)
def test_random_query_parameters_never_fail(world, name):
    """Every page, as the person it is for, with random values in its filters and every parameter a view
    reads: never a server error."""
    who = RIGHTFUL.get(name, "staff")
    target = url_for(name, world)
    client = _client(world, who)
    with transaction.atomic():
        names = sorted(set(QUERY_NAMES) | set(query_fields(client, target)))
        transaction.set_rollback(True)

    @settings(
        max_examples=GET_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(params=st.dictionaries(st.sampled_from(names), query_values, max_size=5), htmx=st.booleans())
    def get_random(params, htmx):
        with transaction.atomic():
            headers = {"HX-Request": "true"} if htmx else {}
            response = client.get(target, params, headers=headers)
            assert response.status_code < 500, (
                f"{response.status_code} for GET {target} with {_short(params)}"
            )
            transaction.set_rollback(True)

    get_random()


def _project_forms():
    import importlib
    import pkgutil

    from django import forms

    for app in ("organizations", "plans", "tasks", "reports"):
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".tests" not in module.name and ".migrations" not in module.name:
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        cls
        for cls in subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in ("organizations", "plans", "tasks", "reports")
    }


def test_every_form_with_a_date_or_a_number_is_bounded():
    """Every date and number field of every form goes through the one bounded parser (organizations/params.py)."""
    from django import forms

    from organizations.params import BoundedFormMixin

    unbounded = sorted(
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _project_forms()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField | forms.IntegerField) and not issubclass(cls, BoundedFormMixin)
    )
    assert not unbounded, unbounded
