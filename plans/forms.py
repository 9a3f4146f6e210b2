"""Forms of the documents register."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.files.fields import MultipleFileField
from organizations.files.limits import MAX_FILES, RequestSizeFormMixin
from organizations.files.uploads import ALLOWED_LABEL
from organizations.params import BoundedFormMixin
from plans.models import Document
from plans.symbols import SymbolError, issuer_mismatch, parse_symbol


def upload_help_text() -> str:
    from django.conf import settings

    return _("Accepted: %(types)s, up to %(limit)d MB each. Choose several files at once if needed.") % {
        "types": ALLOWED_LABEL,
        "limit": settings.PLANTRACK_MAX_UPLOAD_MB,
    }


def tree_choices(organizations, *, blank: str | None = None) -> list[tuple]:
    """Choices for a <select> of organizations, indented by depth so the tree can be read."""
    organizations = list(organizations)
    base = min((org.depth for org in organizations), default=1)
    choices = [("", blank)] if blank is not None else []
    choices += [(org.pk, "— " * (org.depth - base) + org.name) for org in organizations]
    return choices


def symbol_field_attrs(*, include: str) -> dict:
    """htmx attributes that check the symbol as it is typed (document_symbol_check)."""
    return {
        "hx-get": reverse("document_symbol_check"),
        "hx-trigger": "input changed delay:400ms, change",
        "hx-target": "#symbol-check",
        "hx-include": include,
        "autocomplete": "off",
        "aria-describedby": "symbol-check",
    }


class SymbolFormMixin:
    def clean_symbol(self):
        text = self.cleaned_data["symbol"]
        try:
            return str(parse_symbol(text))
        except SymbolError as exc:
            raise ValidationError(str(exc), code="symbol") from exc

    def clean(self):
        cleaned = super().clean()
        symbol, issuer = cleaned.get("symbol"), cleaned.get("issuer")
        if symbol and issuer is not None:
            mismatch = issuer_mismatch(parse_symbol(symbol).issuer, issuer)
            if mismatch:
                self.add_error("issuer", mismatch)
        self._check_symbol_free(symbol, cleaned.get("issued_on"))
        return cleaned

    def _check_symbol_free(self, symbol, issued_on) -> None:
        """The documents' unique constraints hold only among documents in force (a withdrawn one frees its
        symbol) of one committee's register, and Django skips such conditional constraints in forms: check
        them here, worded as usual. Only the register of the form's document is searched, so the message
        never tells of a document another committee registered (plans/selectors.py)."""
        if not symbol or self.has_error("issued_on"):
            return
        registrar = self.instance.registered_by
        taken = Document.objects.active().filter(symbol=symbol, issued_on=issued_on)
        if registrar is None:
            taken = taken.filter(registered_by__isnull=True)
        else:  # its register, and the rows older than registers that its office manages by their issuer
            taken = taken.filter(
                Q(registered_by=registrar)
                | Q(registered_by__isnull=True, issuer__path__startswith=registrar.path)
            )
        if self.instance.pk is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            fields = ["symbol", "issued_on"] if issued_on else ["symbol"]
            self.add_error(None, self.instance.unique_error_message(Document, fields))


class DocumentForm(BoundedFormMixin, RequestSizeFormMixin, SymbolFormMixin, forms.ModelForm):
    # The same limits as a submission's (organizations/files/limits.py).
    files = MultipleFileField(label=_("Attached files"), required=False, max_files=MAX_FILES)

    class Meta:
        model = Document
        fields = ["symbol", "stated_type", "issued_on", "issuer", "title"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "title": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "symbol": _("As printed on the document, e.g. 62-KH/ĐUK. Spaces are removed when it is saved."),
            "title": _("What the document is about; searched together with the symbol."),
        }

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers
        self.fields["issuer"].choices = tree_choices(issuers.order_by("path"), blank="---------")
        self.fields["issuer"].help_text = _("The body that issued it; leave empty if it is not in the tree.")
        self.fields["symbol"].widget.attrs.update(symbol_field_attrs(include="#id_stated_type"))
        self.fields["stated_type"].widget.attrs.update(
            {
                "hx-get": reverse("document_symbol_check"),
                "hx-trigger": "change",
                "hx-target": "#symbol-check",
                "hx-include": "#id_symbol",
            }
        )
        self.fields["files"].help_text = upload_help_text()


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    issuer = forms.ChoiceField(label=_("Issuer code"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, issuer_codes=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = _("All")
        self.fields["type"].choices = [("", everything), *Document.TYPE_CHOICES]
        self.fields["issuer"].choices = [("", everything)] + [(code, code) for code in issuer_codes]
        self.fields["year"].choices = [("", everything)] + [(year, year) for year in years]
        self.fields["q"].widget.attrs["placeholder"] = _("Symbol or summary, with or without accents")
