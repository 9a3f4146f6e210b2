"""Forms of the plan pages: a task's deadline rule, units and assignees; registering a guidance."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organizations.files.fields import MultipleFileField
from organizations.files.limits import MAX_FILES, RequestSizeFormMixin
from organizations.models import Organization
from organizations.params import MAX_DAYS, BoundedFormMixin
from plans.forms import SymbolFormMixin, symbol_field_attrs, tree_choices, upload_help_text
from plans.models import Document
from tasks.models import Assignment, Task
from tasks.planning.numbering import derived_short_title

# Which rule fields each deadline kind uses; the others are cleared on save, so switching the kind
# never leaves a stale date behind (validate_rule would otherwise refuse it).
RULE_FIELDS = {
    Task.Kind.ONGOING: (),
    Task.Kind.ANNUAL: ("annual_day", "annual_month"),
    Task.Kind.DATED: ("due_on", "precision"),
    Task.Kind.TRIGGERED: ("awaited_issuer", "awaited_type", "lead_days", "trigger_text"),
}
ALL_RULE_FIELDS = (
    "due_on",
    "precision",
    "annual_day",
    "annual_month",
    "awaited_issuer",
    "awaited_type",
    "trigger_text",
)


class TaskRuleForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "short_title",
            "kind",
            "kind_explicit",
            "deadline_source",
            "due_on",
            "precision",
            "annual_day",
            "annual_month",
            "awaited_issuer",
            "awaited_type",
            "trigger_text",
            "lead_days",
            "requires_signed_pdf",
        ]
        labels = {"kind_explicit": _("Deadline confirmed")}
        help_texts = {
            "kind_explicit": _(
                "Unticked when the plan states no deadline and the kind was inferred. Tick it once you have "
                "checked the rule."
            ),
            "due_on": _("Dated tasks: the day, or the last day of the month, quarter or year (dd/mm/yyyy)."),
            "deadline_source": _("The deadline as the plan words it, e.g. “trước ngày 28/02/2023”."),
        }
        widgets = {"due_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awaited_issuer"].queryset = issuers
        self.fields["awaited_issuer"].choices = tree_choices(issuers.order_by("path"), blank="---------")
        # An empty short title names the task by its first words: show them as the placeholder.
        self.fields["short_title"].widget.attrs["placeholder"] = derived_short_title(self.instance.text)
        self.fields["annual_day"].widget.attrs.update(min=1, max=31)
        self.fields["annual_month"].widget.attrs.update(min=1, max=12)
        # A lead time past ten years is a typing slip, and would carry the due past any calendar.
        self.fields["lead_days"].max_value = MAX_DAYS
        self.fields["lead_days"].validators.append(MaxValueValidator(MAX_DAYS))
        self.fields["lead_days"].widget.attrs.update(max=MAX_DAYS)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in RULE_FIELDS:
            for name in ALL_RULE_FIELDS:
                if name not in RULE_FIELDS[kind]:
                    cleaned[name] = (
                        None if name in ("due_on", "annual_day", "annual_month", "awaited_issuer") else ""
                    )
        return cleaned


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Refuses an id no database column can hold before it reaches the query: SQLite raises OverflowError
    for it in an `__in` lookup (a server error), where PostgreSQL would merely find nothing."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                number = int(str(pk).strip())
            except ValueError:
                continue  # not a number: the parent class refuses it as usual
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class OrganizationMultipleChoiceField(IdsChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(*args, **kwargs)


class TaskUnitsForm(forms.Form):
    lead_organizations = OrganizationMultipleChoiceField(
        Organization.objects.none(), label=_("Lead units from the tree"), required=False
    )
    lead_names = forms.CharField(
        label=_("Other lead units"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Units that are not in the tree, one per line, as the plan names them."),
    )
    coordinating_organizations = OrganizationMultipleChoiceField(
        Organization.objects.none(), label=_("Coordinating units from the tree"), required=False
    )
    coordinating_names = forms.CharField(
        label=_("Other coordinating units"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Units that are not in the tree, one per line, as the plan names them."),
    )

    def __init__(self, *args, task: Task, organizations, choices, **kwargs):
        units = list(task.units.all())
        initial = kwargs.setdefault("initial", {})
        for role, prefix in (("lead", "lead"), ("coordinating", "coordinating")):
            initial[f"{prefix}_organizations"] = [
                u.organization_id for u in units if u.role == role and u.organization_id
            ]
            initial[f"{prefix}_names"] = "\n".join(
                u.name for u in units if u.role == role and not u.organization_id
            )
        super().__init__(*args, **kwargs)
        for name in ("lead_organizations", "coordinating_organizations"):
            self.fields[name].queryset = organizations
            self.fields[name].choices = choices
        self.fields["lead_organizations"].help_text = _("Hold Ctrl (or ⌘) to choose several.")
        self.fields["coordinating_organizations"].help_text = _("Hold Ctrl (or ⌘) to choose several.")

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]


def assignment_label(*, organization: Organization, scope: str, kinds) -> str:
    if scope == Assignment.Scope.ONE:
        return organization.name
    if scope == Assignment.Scope.CHILDREN:
        text = gettext("Organizations directly under %(org)s") % {"org": organization.name}
    else:
        text = gettext("Every organization under %(org)s") % {"org": organization.name}
    if kinds:
        text += " (" + ", ".join(str(Organization.Kind(kind).label).lower() for kind in kinds) + ")"
    return text


class AssignmentForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("Only these kinds"),
        choices=Organization.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Group rules only; none ticked means every kind."),
    )

    class Meta:
        model = Assignment
        fields = ["organization", "scope", "kinds", "label"]
        help_texts = {"label": _("As the plan words it; left empty, it is written from the rule.")}

    def __init__(self, *args, organizations=None, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].required = False
        if organizations is not None:
            self.fields["organization"].queryset = organizations
            self.fields["organization"].choices = choices

    def clean(self):
        cleaned = super().clean()
        organization, scope = cleaned.get("organization"), cleaned.get("scope")
        if scope == Assignment.Scope.ONE:
            cleaned["kinds"] = []
        if organization and scope and not cleaned.get("label"):
            cleaned["label"] = assignment_label(
                organization=organization, scope=scope, kinds=cleaned.get("kinds")
            )
        return cleaned


class BaseAssignmentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("organization")
        ]
        if not kept:
            raise ValidationError(_("Name at least one organization that carries the task out."))


# At most this many assignment rows per POST (Django's default, 2,000, lets one request have the page
# render 2,000 forms with every organization in each: seconds of work for nothing).
MAX_ASSIGNMENTS = 300

AssignmentFormSet = forms.inlineformset_factory(
    Task,
    Assignment,
    form=AssignmentForm,
    formset=BaseAssignmentFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_ASSIGNMENTS,
    absolute_max=MAX_ASSIGNMENTS,
)


class TaskChoiceField(IdsChoiceField):
    widget = forms.CheckboxSelectMultiple


class GuidanceForm(BoundedFormMixin, RequestSizeFormMixin, SymbolFormMixin, forms.ModelForm):
    """The awaited guidance: the document itself, its file, and the waiting tasks it answers (a document of the
    register: the same upload limits, organizations/files/limits.py)."""

    files = MultipleFileField(label=_("Attached files"), required=False, max_files=MAX_FILES)
    tasks = TaskChoiceField(
        Task.objects.none(),
        label=_("Tasks this guidance answers"),
        error_messages={"required": _("Choose at least one waiting task that this guidance answers.")},
    )

    class Meta:
        model = Document
        fields = ["symbol", "issued_on", "issuer", "title"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "title": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "symbol": _("As printed on the guidance, e.g. 12-HD/TU."),
            "issued_on": _("The tasks fall due a set number of days after this date."),
        }

    def __init__(self, *args, issuers, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].required = True
        self.fields["issuer"].required = True
        self.fields["issuer"].queryset = issuers
        self.fields["issuer"].choices = tree_choices(issuers.order_by("path"), blank="---------")
        self.fields["tasks"].queryset = tasks
        self.fields["symbol"].widget.attrs.update(symbol_field_attrs(include="#id_symbol"))
        self.fields["files"].help_text = upload_help_text()
