from django import forms
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 5 * 1024 * 1024


class ReorganizationForm(forms.Form):
    """The file (or its text pasted), then, on the preview, the same text with the confirmation."""

    file = forms.FileField(label=_("Reorganization file (YAML)"), required=False)
    source = forms.CharField(
        label=_("or its text"), widget=forms.Textarea(attrs={"rows": 12}), required=False, strip=False
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
            try:
                data["source"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from error
        if not (data.get("source") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste its text."))
        return data
