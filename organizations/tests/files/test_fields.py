"""The one multiple-file form field (organizations.files.fields), used by the document, guidance, submission and
period-report forms."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from organizations.files.fields import MultipleFileField

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str = "ke-hoach.pdf", content: bytes = PDF, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class AttachForm(forms.Form):
    files = MultipleFileField(label="Files", max_files=2)


class RequiredForm(forms.Form):
    files = MultipleFileField(label="Files", required=True)


def test_several_files_are_accepted_with_the_type_found_in_their_bytes():
    form = AttachForm(files={"files": [upload("a.pdf"), upload("b.pdf")]}, data={})
    assert form.is_valid(), form.errors
    assert [(f.name, f.content_type) for f in form.cleaned_data["files"]] == [
        ("a.pdf", "application/pdf"),
        ("b.pdf", "application/pdf"),
    ]


def test_no_file_is_fine_unless_required():
    assert AttachForm(data={}, files={}).is_valid()
    form = RequiredForm(data={}, files={})
    assert not form.is_valid() and "files" in form.errors


def test_every_refused_file_is_named_at_once():
    with translation.override("en"):
        form = AttachForm(
            data={}, files={"files": [upload("virus.pdf", b"MZ\x90\x00"), upload("rong.pdf", b"")]}
        )
        assert not form.is_valid()
        messages = form.errors["files"]
    assert len(messages) == 2
    assert "virus.pdf" in messages[0] and "rong.pdf" in messages[1]


def test_at_most_max_files():
    with translation.override("vi"):
        form = AttachForm(data={}, files={"files": [upload("a.pdf"), upload("b.pdf"), upload("c.pdf")]})
        assert not form.is_valid()
        assert form.errors["files"] == ["Đính kèm tối đa 2 tệp."]


def test_without_max_files_any_number_is_accepted():
    class DocumentFiles(forms.Form):
        files = MultipleFileField(label="Files")

    many = [upload(f"{n}.pdf") for n in range(12)]
    form = DocumentFiles(data={}, files={"files": many})
    assert form.is_valid() and len(form.cleaned_data["files"]) == 12


def test_the_input_takes_several_files_of_the_accepted_types():
    html = str(AttachForm()["files"])
    assert "multiple" in html
    assert 'accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png"' in html


@pytest.mark.parametrize(
    "module, form_name",
    [
        ("plans.forms", "DocumentForm"),
        ("tasks.planning.forms", "GuidanceForm"),
        ("tasks.submissions.forms", "SubmissionForm"),
        ("tasks.submissions.report_forms", "ReportForm"),
    ],
)
def test_every_upload_form_uses_this_field(module, form_name):
    import importlib

    form_class = getattr(importlib.import_module(module), form_name)
    assert type(form_class.base_fields["files"]) is MultipleFileField
