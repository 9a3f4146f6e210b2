"""The one form field for uploads: several files in one input, each checked by its content and size
(organizations.files.uploads) before any of them is stored."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext_lazy

from organizations.files.uploads import KINDS, validate_upload

# What the file chooser offers; the content is checked on the server whatever the browser sends.
ACCEPT = ",".join(f".{extension}" for extension in KINDS)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, optional unless `required`; at most `max_files` when given.

    Every file is checked (validate_upload) and the messages of all refused files are given together, so the
    user sees at once what to change. A file's content_type becomes the one found in its bytes, not the one the
    browser claimed."""

    widget = MultipleFileInput

    def __init__(self, *args, max_files: int | None = None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.max_files = max_files
        self.widget.attrs.setdefault("accept", ACCEPT)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            uploads = [upload for upload in data if upload]
        else:
            uploads = [data] if data else []
        if self.required and not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        if self.max_files is not None and len(uploads) > self.max_files:
            raise ValidationError(
                ngettext_lazy("Attach at most %(max)d file.", "Attach at most %(max)d files.", self.max_files)
                % {"max": self.max_files}
            )
        errors: list[str] = []
        for upload in uploads:
            try:
                kind = validate_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                upload.content_type = KINDS[kind].mime
        if errors:
            raise ValidationError(errors)
        return uploads
