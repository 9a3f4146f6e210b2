"""The documents register: who sees what, diacritic-insensitive search, the symbol check, attached files."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Document, DocumentAttachment
from tests.factories import DocumentFactory, make_member
from tests.uploads import exe_bytes, pdf_bytes
from tests.world import login_url_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(world):
    return {
        "own": world.plan.document,  # 62-KH/ĐUK, issued by the committee on 05/01/2023
        "provincial": DocumentFactory(
            symbol="43-KH/TU",
            issuer=world.provincial,
            issued_on=datetime.date(2022, 10, 25),
            title="Kế hoạch thực hiện Nghị quyết số 21",
        ),
        "central": DocumentFactory(
            symbol="21-NQ/TW",
            issuer=world.central,
            issued_on=datetime.date(2022, 6, 16),
            title="Nghị quyết về tăng cường củng cố tổ chức cơ sở đảng",
        ),
        "unknown": DocumentFactory(
            symbol="5-CV/VPTW", issuer=None, issued_on=None, title="Công văn không rõ nơi ban hành"
        ),
        "other_bloc": DocumentFactory(
            symbol="7-KH/ĐUK",
            issuer=world.outsider_committee,
            issued_on=datetime.date(2023, 2, 1),
            title="Kế hoạch khối khác",
        ),
    }


def _symbols(response) -> set[str]:
    return {document.symbol for document in response.context["page"].object_list}


# --- access ----------------------------------------------------------------------------------------
def test_it_redirects_anonymous_to_login(client, documents):
    for url in (
        reverse("document_list"),
        reverse("document_create"),
        reverse("document_symbol_check"),
        reverse("document_detail", args=[documents["own"].pk]),
        reverse("document_edit", args=[documents["own"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == login_url_for(url)


def test_it_lists_documents_of_the_owner_scope_and_above(client, world, documents):
    client.force_login(world.staff)
    response = client.get(reverse("document_list"))
    assert response.status_code == 200
    # Own committee, the Tỉnh ủy and Trung ương above it, and documents without an issuer; not the other bloc.
    assert _symbols(response) == {"62-KH/ĐUK", "43-KH/TU", "21-NQ/TW", "5-CV/VPTW"}
    assert response.context["page"].paginator.count == 4
    assert "(4)" in response.content.decode()


def test_it_hides_the_register_from_a_secretary(client, world, documents):
    client.force_login(world.secretary)
    own = documents["own"]
    for url in (
        reverse("document_list"),
        reverse("document_create"),
        reverse("document_symbol_check") + "?symbol=21-NQ/TW",
        reverse("document_edit", args=[own.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # The plan's own document they read, without edit controls (issue 17, item 14).
    page = client.get(reverse("document_detail", args=[own.pk])).content.decode()
    assert reverse("document_edit", args=[own.pk]) not in page
    assert client.post(reverse("document_create"), {"symbol": "1-NQ/ĐUK"}).status_code == 404
    assert not Document.objects.filter(symbol="1-NQ/ĐUK").exists()


def test_it_hides_another_blocs_documents_from_an_outsider(client, world, documents):
    client.force_login(world.outsider_staff)
    own = documents["own"]
    assert client.get(reverse("document_detail", args=[own.pk])).status_code == 404
    assert client.get(reverse("document_edit", args=[own.pk])).status_code == 404
    response = client.post(reverse("document_edit", args=[own.pk]), {"symbol": "63-KH/ĐUK"})
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.symbol == "62-KH/ĐUK"
    listed = _symbols(client.get(reverse("document_list")))
    assert "62-KH/ĐUK" not in listed
    assert {"7-KH/ĐUK", "43-KH/TU"} <= listed  # their own, and what their common superior issued


# --- search and filters ----------------------------------------------------------------------------
def test_search_ignores_diacritics(client, world, documents):
    client.force_login(world.staff)
    url = reverse("document_list")
    assert _symbols(client.get(url, {"q": "nghi quyet"})) == {"62-KH/ĐUK", "43-KH/TU", "21-NQ/TW"}
    assert _symbols(client.get(url, {"q": "trung uong dang"})) == {"62-KH/ĐUK"}
    assert _symbols(client.get(url, {"q": "NGHỊ  QUYẾT về tăng"})) == {"21-NQ/TW"}
    assert _symbols(client.get(url, {"q": "62-kh/duk"})) == {"62-KH/ĐUK"}


def test_filters_stay_in_the_url_and_combine(client, world, documents):
    client.force_login(world.staff)
    url = reverse("document_list")
    assert _symbols(client.get(url, {"type": "KH"})) == {"62-KH/ĐUK", "43-KH/TU"}
    assert _symbols(client.get(url, {"issuer": "TW"})) == {"21-NQ/TW"}
    assert _symbols(client.get(url, {"year": "2022"})) == {"43-KH/TU", "21-NQ/TW"}
    response = client.get(url, {"type": "KH", "year": "2022"})
    assert _symbols(response) == {"43-KH/TU"}
    assert response.context["query_string"] == "type=KH&year=2022"
    # A year that is no longer offered is dropped; the search still applies.
    assert _symbols(client.get(url, {"q": "nghi quyet", "year": "1999"})) == {
        "62-KH/ĐUK",
        "43-KH/TU",
        "21-NQ/TW",
    }


def test_it_paginates_and_keeps_filters_in_page_links(client, world):
    for n in range(1, 36):
        DocumentFactory(symbol=f"{n}-TB/ĐUK", issuer=world.committee, issued_on=datetime.date(2023, 3, 1))
    client.force_login(world.staff)
    response = client.get(reverse("document_list"), {"type": "TB"})
    assert response.context["page"].paginator.count == 35
    assert len(response.context["page"].object_list) == 30
    assert "?type=TB&amp;page=2" in response.content.decode()
    assert (
        len(client.get(reverse("document_list"), {"type": "TB", "page": 2}).context["page"].object_list) == 5
    )


def test_empty_state_says_what_to_do(client, world):
    client.force_login(world.outsider_staff)  # the other bloc's office, which has registered nothing yet
    body = client.get(reverse("document_list")).content.decode()
    assert "Chưa có văn bản nào" in body
    assert reverse("document_create") in body


# --- the symbol check -----------------------------------------------------------------------------
def test_symbol_check_shows_the_normalized_form(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("document_symbol_check"), {"symbol": "21- NQ/TW"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>21-NQ/TW</strong>" in body
    assert "<html" not in body  # a partial, not a page


def test_symbol_check_warns_when_the_written_type_disagrees(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("document_symbol_check"), {"symbol": "21-KL/TW", "stated_type": "NQ"})
    body = response.content.decode()
    assert "Văn bản gọi 21-KL/TW là “nghị quyết” nhưng ký hiệu thuộc loại KL" in body
    agreeing = client.get(reverse("document_symbol_check"), {"symbol": "21-NQ/TW", "stated_type": "NQ"})
    assert "alert-warning" not in agreeing.content.decode()


def test_symbol_check_explains_an_invalid_symbol_in_vietnamese(client, world):
    client.force_login(world.staff)
    body = client.get(reverse("document_symbol_check"), {"symbol": "số 21 ngày 16/6"}).content.decode()
    assert "không phải là số, ký hiệu văn bản" in body


# --- create and edit ------------------------------------------------------------------------------
def _form(**overrides):
    data = {
        "symbol": "21- NQ/TW",
        "stated_type": "",
        "issued_on": "16/06/2022",
        "issuer": "",
        "title": "Nghị quyết về tăng cường củng cố, xây dựng tổ chức cơ sở đảng",
    }
    data.update(overrides)
    return data


def test_owner_registers_a_document_with_files(client, world):
    client.force_login(world.staff)
    files = [
        SimpleUploadedFile("Nghị quyết 21.pdf", pdf_bytes(), content_type="application/pdf"),
        SimpleUploadedFile("phu luc.pdf", pdf_bytes(), content_type="application/pdf"),
    ]
    response = client.post(reverse("document_create"), {**_form(issuer=world.central.pk), "files": files})
    document = Document.objects.get(symbol="21-NQ/TW")
    assert response.status_code == 302
    assert response["Location"] == reverse("document_detail", args=[document.pk])
    assert document.symbol == "21-NQ/TW"
    assert document.issued_on == datetime.date(2022, 6, 16)
    assert document.issuer == world.central
    assert document.created_by == world.staff
    attachments = list(document.attachments.order_by("pk"))
    assert [a.original_name for a in attachments] == ["Nghị quyết 21.pdf", "phu luc.pdf"]
    assert attachments[0].size == len(pdf_bytes())
    assert " " not in attachments[0].file.name.rsplit("/", 1)[-1]  # stored under a sanitized name

    download = client.get(reverse("document_attachment", args=[document.pk, attachments[0].pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Ngh%E1%BB%8B%20quy%E1%BA%BFt%2021.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == pdf_bytes()


def test_it_refuses_an_executable_named_pdf_and_keeps_what_was_typed(client, world):
    client.force_login(world.staff)
    fake = SimpleUploadedFile("ke-hoach.pdf", exe_bytes(), content_type="application/pdf")
    response = client.post(reverse("document_create"), {**_form(symbol="12-HD/TU"), "files": [fake]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "“ke-hoach.pdf” không thuộc loại tệp được chấp nhận" in body
    assert 'value="12-HD/TU"' in body
    assert "Nghị quyết về tăng cường củng cố, xây dựng tổ chức cơ sở đảng</textarea>" in body
    assert list(Document.objects.all()) == [world.plan.document]  # nothing but the world's
    assert not DocumentAttachment.objects.exists()


def test_it_refuses_a_file_over_the_limit(client, world, settings):
    settings.PLANTRACK_MAX_UPLOAD_MB = 1
    client.force_login(world.staff)
    big = SimpleUploadedFile("lon.pdf", pdf_bytes() + b"0" * (1024 * 1024), content_type="application/pdf")
    response = client.post(reverse("document_create"), {**_form(), "files": [big]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "mỗi tệp tối đa 1 MB" in body
    assert list(Document.objects.all()) == [world.plan.document]  # nothing but the world's


def test_an_invalid_symbol_is_refused_in_vietnamese(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("document_create"), _form(symbol="21/NQ-TW"))
    assert response.status_code == 200
    assert "không phải là số, ký hiệu văn bản" in response.content.decode()
    assert list(Document.objects.all()) == [world.plan.document]  # nothing but the world's


def test_the_same_symbol_and_date_cannot_be_registered_twice(client, world, documents):
    client.force_login(world.staff)
    response = client.post(reverse("document_create"), _form(symbol="62 -KH/ĐUK", issued_on="05/01/2023"))
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()
    assert Document.objects.filter(symbol="62-KH/ĐUK").count() == 1


def test_owner_edits_a_document_and_adds_a_file(client, world, documents):
    client.force_login(world.staff)
    document = documents["own"]
    page = client.get(reverse("document_edit", args=[document.pk]))
    assert page.status_code == 200
    assert f'hx-get="{reverse("document_symbol_check")}"' in page.content.decode()
    response = client.post(
        reverse("document_edit", args=[document.pk]),
        {
            **_form(
                symbol="62 - KH / ĐUK", stated_type="NQ", issued_on="05/01/2023", issuer=world.committee.pk
            ),
            "files": [SimpleUploadedFile("kh62.pdf", pdf_bytes())],
        },
        follow=True,
    )
    document.refresh_from_db()
    assert document.symbol == "62-KH/ĐUK"
    assert document.stated_type == "NQ"
    assert "Văn bản gọi 62-KH/ĐUK là “nghị quyết”" in document.warning
    assert document.attachments.get().original_name == "kh62.pdf"
    assert document.warning in response.content.decode()  # shown as a message after saving


def test_an_outsider_cannot_download_another_blocs_file(client, world, documents):
    client.force_login(world.staff)
    client.post(
        reverse("document_edit", args=[documents["own"].pk]),
        {
            **_form(symbol="62-KH/ĐUK", issuer=world.committee.pk),
            "files": [SimpleUploadedFile("a.pdf", pdf_bytes())],
        },
    )
    attachment = DocumentAttachment.objects.get()
    url = reverse("document_attachment", args=[documents["own"].pk, attachment.pk])
    client.force_login(world.outsider_staff)
    assert client.get(url).status_code == 404
    client.force_login(make_member(world.sub_cell, username="bithu.ngansach"))  # owes nothing under the plan
    assert client.get(url).status_code == 404
    # A file id under another document's URL is not found either.
    client.force_login(world.staff)
    assert (
        client.get(reverse("document_attachment", args=[documents["central"].pk, attachment.pk])).status_code
        == 404
    )


# --- query counts ---------------------------------------------------------------------------------
def _populate(world, n):
    for i in range(n):
        DocumentFactory(
            symbol=f"{i + 1}-HD/ĐUK", issuer=world.committee, issued_on=datetime.date(2020 + i % 5, 1, 1)
        )


@pytest.mark.parametrize("size", [3, 30])
def test_document_list_query_count_does_not_grow(client, world, django_assert_num_queries, size):
    _populate(world, size)
    client.force_login(world.staff)
    client.get(reverse("document_list"))  # warm the session
    # the request's savepoint and its release (ATOMIC_REQUESTS), session, user, memberships, supervisions,
    # issuer codes, years, count, page, unread notifications
    with django_assert_num_queries(11):
        response = client.get(reverse("document_list"), {"q": "hd", "year": "2022"})
    assert response.status_code == 200
