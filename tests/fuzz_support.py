"""What the bad-input tests share: the world every form is posted in, the forms read from the pages that
show them, hostile values for each kind of field, and a fingerprint of every table (to prove that a
refused request wrote nothing).

Forms are not described by hand: each target's form is read from the HTML page a person would fill it
in on (input, select and textarea names, the options offered), so a field added to a form is fuzzed
without touching these tests.
"""

import datetime
import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from hypothesis import strategies as st

from organizations.models import Membership
from plans.models import DocumentAttachment
from plans.periods import period_year
from reports.board.services import board_report_create
from tasks.models import Due, Notification
from tests.factories import DocumentFactory, make_member, submit_due
from tests.uploads import docx_bytes, exe_bytes, pdf_bytes, png_bytes
from tests.world import World

XSS = "<script>window.__xss=1</script><img src=x onerror=window.__xss=2>"

# --- the world -----------------------------------------------------------------------------------------


@dataclass
class FuzzWorld:
    base: World
    submission: object  # the sibling's submission, waiting for review
    document: object
    board_report: object = None  # a written report of the plan's committee, being drafted

    def __getattr__(self, name):
        return getattr(self.base, name)


def fuzz_targets(world: World) -> FuzzWorld:
    """The shared world (whose plan has a task waiting for guidance and dues of every reporting period),
    plus something for every other form to act on: a submission to review, a document with a file, a
    notification to mark read, a written report being drafted."""
    submission = submit_due(world.sibling_due, world.sibling, text="Đã triển khai.")
    document = DocumentFactory(issuer=world.committee, symbol="15-KH/ĐUK", title="Kế hoạch kiểm tra")
    DocumentAttachment.objects.create(
        document=document, file=ContentFile(pdf_bytes(), name="ke-hoach.pdf"), original_name="ke-hoach.pdf"
    )
    Notification.objects.create(
        recipient=world.secretary,
        kind=Notification.Kind.ACTIVATED,
        task=world.dated,
        created_at=datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC),
    )
    # The outsider's organization has another member of its own, so that a leak would show.
    make_member(world.outsider_org, Membership.Role.CLERK)
    board_report = board_report_create(
        plan=world.plan,
        organization=world.committee,
        period=period_year(world.plan.period_start.year),
        user=world.staff,
        today=world.plan.period_start,
        language="vi",
    )
    return FuzzWorld(base=world, submission=submission, document=document, board_report=board_report)


# --- the URL patterns ----------------------------------------------------------------------------------


def url_names() -> set[str]:
    """Every named URL of the project except the admin's (Django's own, covered by Django)."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return {name for name in walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def url_for(name: str, world: FuzzWorld) -> str:
    """A URL for each pattern, with path arguments that point at the world's objects."""
    args = {
        "document_detail": [world.document.pk],
        "document_edit": [world.document.pk],
        "document_withdraw": [world.document.pk],
        "document_attachment": [world.document.pk, _attachment_pk(world)],
        "report_detail": [1],
        "report_status": [1],
        "report_download": [1],
        "report_download_original": [1],
        "report_signed_upload": [1],
        "board_report_edit": [world.board_report.pk],
        "board_report_file": [world.board_report.pk, "pdf"],
        "board_version_file": [world.board_report.pk, 1, "pdf"],
        "board_report_hand_in": [world.board_report.pk, 1],
        "board_version_signed": [world.board_report.pk, 1],
        "plan_detail": [world.plan.pk],
        "plan_signature_requirement": [world.plan.pk],
        "plan_add_half_year": [world.plan.pk],
        "task_edit": [world.plan.pk, world.dated.pk],
        "due_detail": [world.due.pk],
        "due_submit": [world.due.pk],
        "report_form": [_report_pk(world)],
        "task_report_answers": [world.plan.pk, world.ongoing.pk],
        "submission_detail": [world.submission.pk],
        "submission_review": [world.submission.pk],
        "submission_withdraw": [world.submission.pk],
        "submission_file": [1],
        "due_reminders": [world.due.pk],
        "due_reminders_export": [world.due.pk],
        "reminder_policy": [world.plan.pk],
        "matrix": [world.plan.pk],
        "plan_coverage": [world.plan.pk],
        "plan_coverage_xlsx": [world.plan.pk],
        "submission_read_plan": [world.submission.pk],
        "submission_read_plan_save": [world.submission.pk],
        "matrix_act": [world.plan.pk],
        "matrix_export": [world.plan.pk],
        "calendar_feed": ["not-a-token"],
        "due_remind": [world.due.pk],
        "due_extend": [world.due.pk],
        "due_not_applicable": [world.due.pk],
        "due_comment": [world.due.pk],
        "password_reset_confirm": ["MQ", "set-password"],
        # A reading no one asked for: the pages answer 404 to everyone, whatever is posted.
        # No reorganization in the world: the administrator's pages answer 404 (and never to anyone else).
        "reorganization_people": [1],
        "reorganization_move_person": [1, 1],
        "plan_import_reading": ["00000000-0000-4000-8000-000000000000"],
        "plan_import_reading_status": ["00000000-0000-4000-8000-000000000000"],
    }.get(name, [])
    try:
        return reverse(name, args=args)
    except NoReverseMatch as exc:
        raise AssertionError(f"a new URL, {name!r}: give its path arguments in url_for ({exc})") from exc


def _report_pk(world: FuzzWorld) -> int:
    """The secretary's yearly report of 2023 (docs/domain.md §6)."""
    return Due.objects.get(plan=world.plan, organization=world.org, kind=Due.Kind.REPORT, period="2023").pk


def _attachment_pk(world: FuzzWorld) -> int:
    first = DocumentAttachment.objects.filter(document=world.document).order_by("pk").first()
    return first.pk if first else 1


# --- reading forms from pages --------------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # text, textarea, select, radio, checkbox, file, hidden, number, date...
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class ParsedForm:
    action: str
    method: str
    fields: dict[str, FormField] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[ParsedForm] = []
        self._form: ParsedForm | None = None
        self._select: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or self.page_url
            self._form = ParsedForm(
                action=urlsplit(action).path, method=(attrs.get("method") or "get").lower()
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            existing = self._form.fields.get(name)
            if existing and kind in ("radio", "checkbox"):
                existing.options.append(attrs.get("value", "on"))
                existing.multiple = existing.multiple or kind == "checkbox"
                return
            options = [attrs.get("value", "on")] if kind in ("radio", "checkbox", "hidden") else []
            self._form.fields[name] = FormField(
                name=name, kind=kind, options=options, multiple=kind == "file" and "multiple" in attrs
            )
        elif tag == "textarea" and name:
            self._form.fields[name] = FormField(name=name, kind="textarea")
        elif tag == "select" and name:
            self._select = FormField(name=name, kind="select", multiple="multiple" in attrs)
            self._form.fields[name] = self._select
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, page_url: str, method: str = "post") -> list[ParsedForm]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return [form for form in parser.forms if form.method == method]


def query_fields(client, page: str) -> dict[str, FormField]:
    """The fields of the GET forms of `page` (its filters), merged: what its address may carry."""
    response = client.get(page)
    if response.status_code != 200 or "html" not in response.get("Content-Type", "") or response.streaming:
        return {}
    fields: dict[str, FormField] = {}
    for form in forms_on(response.content.decode("utf-8", "replace"), page, method="get"):
        for name, found in form.fields.items():
            fields.setdefault(name, found).options += [
                o for o in found.options if o not in fields[name].options
            ]
    return fields


def form_for(client, *, page: str, target: str) -> ParsedForm:
    """The fields of the POST forms of `page` that send to `target`; none if the page has no such form."""
    response = client.get(page)
    html = ""
    if response.status_code == 200 and "html" in response.get("Content-Type", "") and not response.streaming:
        html = response.content.decode("utf-8", "replace")
    merged = ParsedForm(action=target, method="post")
    for form in forms_on(html, page):  # several forms may send to it (accept and return a submission)
        if form.action == urlsplit(target).path:
            for name, found in form.fields.items():
                if name in merged.fields:
                    merged.fields[name].options += [
                        o for o in found.options if o not in merged.fields[name].options
                    ]
                else:
                    merged.fields[name] = found
    merged.fields.pop("csrfmiddlewaretoken", None)
    return merged


# --- hostile values ------------------------------------------------------------------------------------

WRONG_DATES = [
    "31/02/2023",
    "30/02/2024",
    "2023-02-31",
    "00/00/0000",
    "32/13/2023",
    "29/02/2023",
    "01/01/10000",
    "31/12/9999",
    "1/1/1",
    "2023-13-01",
    "9999-99-99",
    "dd/mm/yyyy",
    "20/12/9999",
    "9999-12-20",
    "01/01/0001",
]
NUMBERS = [
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "-9223372036854775809",
    "9223372036854775808",
    "1.5",
    "٣",
    "²",
    "10000",
    "3000000",
    "2147483648",
    "\u200b2024",  # a zero-width space before the year
    "２０２４",  # full-width digits
]
NASTY = [
    XSS,
    "'; DROP TABLE tasks_due; --",
    "\x00",
    "a\x00b",
    "\u202etxt.exe",
    "../../../../etc/passwd",
    "{{ 7|add:7 }}{% debug %}",
    "%(name)s %s %d",
    "\r\n\r\nX-Injected: 1",
    " ",
    "Đảng ủy Khối · 62-KH/ĐUK",
    unicodedata.normalize("NFD", "Đảng ủy Khối · 62-KH/ĐUK"),  # decomposed accents, as macOS types them
    "62-KH/\u200bĐUK",  # a zero-width space inside a symbol
]

HUGE = st.sampled_from(["x" * 100_001, "Ữ" * 30_000, "<b>" * 20_000])
texts = st.one_of(
    st.text(max_size=200),
    st.sampled_from(NASTY),
    st.sampled_from(WRONG_DATES),
    st.sampled_from(NUMBERS),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    HUGE,
    st.just(""),
)


def _file_bytes():
    return st.one_of(
        st.binary(max_size=2048),
        st.sampled_from([pdf_bytes(), png_bytes(), docx_bytes(), docx_bytes(macros=True), exe_bytes(), b""]),
    )


file_names = st.one_of(
    st.sampled_from(
        [
            "ke-hoach.pdf",
            "báo cáo.docx",
            "virus.exe",
            "x.pdf.exe",
            "../../evil.pdf",
            "a" * 300 + ".pdf",
            "<script>.png",
            ".pdf",
            "",
        ]
    ),
    st.text(min_size=1, max_size=60),
)


@st.composite
def uploads(draw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = draw(file_names) or "file"
    content_type = draw(
        st.sampled_from(["application/pdf", "application/octet-stream", "text/html", "image/png"])
    )
    name = name.replace("\x00", "")
    if os.path.basename(name.replace("\\", "/")) in ("", ".", ".."):
        name = "file"  # Django's own test client cannot send a file without a name
    return SimpleUploadedFile(name, draw(_file_bytes()), content_type=content_type)


def value_for(form_field: FormField):
    """A strategy for one field: often what the page offers, otherwise anything hostile."""
    if form_field.kind == "file":
        one = uploads()
        return st.lists(one, max_size=3) if form_field.multiple else one
    offered = [o for o in form_field.options if o is not None]
    choice = st.sampled_from(offered) if offered else texts
    single = st.one_of(choice, texts) if offered else texts
    if form_field.multiple or form_field.kind == "checkbox":
        return st.lists(single, max_size=4)
    return single


@st.composite
def form_data(draw, form: ParsedForm, extra_names: tuple[str, ...] = ()):
    """Random data for a form: each field present or missing, offered or hostile, and a stray field."""
    data = {}
    names = list(form.fields)
    for name in names:
        if draw(st.integers(0, 9)) == 0:  # missing about one time in ten
            continue
        data[name] = draw(value_for(form.fields[name]))
    for name in extra_names:
        if draw(st.booleans()):
            data[name] = draw(texts)
    if draw(st.integers(0, 4)) == 0:
        data[draw(st.sampled_from(["id", "pk", "owner", "organization", "user", "is_superuser"]))] = draw(
            texts
        )
    return data


# --- every row of every table --------------------------------------------------------------------------

# Written by any request whatever its outcome: the session, sign-in records, the audit of sign-ins.
NOT_WRITES = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def database_fingerprint() -> dict[str, str]:
    """A digest of every row of every table (users' last_login aside): equal before and after a request
    means the request wrote nothing, neither an insert nor an update nor a delete."""
    result = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.label_lower
            if label in NOT_WRITES or model._meta.proxy or not model._meta.managed:
                continue
            columns = [f.column for f in model._meta.concrete_fields if f.column != "last_login"]
            table = connection.ops.quote_name(model._meta.db_table)
            cols = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {cols} FROM {table} ORDER BY 1")  # noqa: S608 - names from the models
            result[label] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return result
