"""Saving a plan in the interchange format (tasks/plan_import/interchange.py) into the database.

Import matches what already exists (plan by symbol, sections by label, tasks by text then order, units and
assignments by order) and updates it in place, so importing the same file twice changes nothing and dues,
submissions and primary keys survive a re-import. Import links a guidance that is given but never unlinks
one: registering the awaited document is an event recorded by staff, not part of the plan's text.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.params import MAX_DAYS, int_param
from organizations.text import fold
from plans import symbols
from plans.models import Document, Plan, PlanReference, ReportingPeriod, Section
from plans.periods import plan_period_error
from tasks.models import Assignment, Submission, Task, TaskUnit
from tasks.plan_import import citations
from tasks.plan_import.cascade import parent_symbol, plan_link_parent_tasks
from tasks.plan_import.interchange import PlanImportError, plan_find, plan_validate, section_key
from tasks.plan_import.values import annual_day_fields, apply_changes, interchange_date, nfc_deep
from tasks.planning.deadlines import validate_rule
from tasks.planning.dues import TooManyDues, plan_regenerate_dues
from tasks.planning.numbering import NUMBER_MAX_LENGTH, SHORT_TITLE_FIELD_LENGTH, plan_number_tasks

DEFAULT_LEAD_DAYS = 30
# A plan that states no reporting calendar reports once a year, on 15/12 (docs/domain.md §4).
DEFAULT_REPORTING_PERIODS = ({"kind": ReportingPeriod.Kind.ANNUAL.value, "month": 12, "day": 15},)


class _Importer:
    """One import run. Problems are collected and raised together as PlanImportError; plan_import's
    transaction then undoes whatever was written before they were found."""

    def __init__(self, *, data: dict, owner: Organization | None, user, period_start, period_end):
        self.data = data
        self.owner = owner
        self.user = user
        self.period_start = period_start
        self.period_end = period_end
        self.errors: list[str] = []
        self.organizations = self._load_organizations()

    # -- organizations -------------------------------------------------------------------------------

    def _codes(self) -> set[str]:
        data = self.data
        codes = {data.get("owner")} if not self._owner_is_a_name() else set()
        docs = [
            data["document"],
            *data.get("implements", []),
            *data.get("basis", []),
            *data.get("references", []),
        ]
        codes |= {doc.get("issuer_organization") for doc in docs}
        for task in self._walk_tasks(data["sections"]):
            codes |= {assignment.get("organization") for assignment in task.get("assignments", [])}
            codes |= set((task.get("unit_organizations") or {}).values())
            codes.add(task["deadline"].get("awaited_issuer"))
        codes.discard(None)
        return codes

    def _load_organizations(self) -> dict[str, Organization]:
        codes = self._codes()
        found = {org.code: org for org in Organization.objects.filter(code__in=codes)}
        for code in sorted(codes - set(found)):
            self.errors.append(_("No organization has the code “%(code)s”.") % {"code": code})
        return found

    def _owner_is_a_name(self) -> bool:
        """The schema's ``owner`` may be the issuing organization's name as in the header, not a code."""
        owner = self.data.get("owner")
        if not owner or Organization.objects.filter(code=owner).exists():
            return False
        return self.org_by_name(owner) is not None

    def org(self, code: str | None) -> Organization | None:
        return self.organizations.get(code) if code else None

    def org_by_name(self, name: str) -> Organization | None:
        """The one organization whose name is exactly `name` (ignoring case and diacritics), else None."""
        matches = list(Organization.objects.filter(name_folded=fold(name))[:2])
        return matches[0] if len(matches) == 1 else None

    @staticmethod
    def _walk_tasks(sections: list[dict]):
        for section in sections:
            yield from section.get("tasks", [])
            yield from _Importer._walk_tasks(section.get("sections", []))

    # -- documents -----------------------------------------------------------------------------------

    def document_upsert(
        self,
        *,
        symbol: str,
        issued_on: datetime.date | None,
        title: str | None = None,
        stated_type: str | None = None,
        issuer: Organization | None = None,
        document: Document | None = None,
        type_word: str = "",
    ) -> Document:
        """The registered document with this symbol and date, created if missing, updated with what is given."""
        symbol = symbols.normalize_symbol(symbol)
        # The plan's committee registers what it cites (plans/selectors.py); a row older than registers is
        # taken into its register.
        registrar = self.owner or self.org(self.data.get("owner"))
        if document is None:
            # issued_on=None matches IS NULL: an undated citation is its own register entry.
            document = (
                Document.objects.active()
                .filter(
                    Q(registered_by=registrar) | Q(registered_by__isnull=True),
                    symbol=symbol,
                    issued_on=issued_on,
                )
                .order_by(F("registered_by").asc(nulls_last=True), "pk")
                .first()
            )
        changed = document is None or document.registered_by_id is None
        if document is None:
            document = Document(symbol=symbol, issued_on=issued_on, created_by=self.user)
        document.registered_by = document.registered_by or registrar
        if document.issued_on != issued_on:
            document.issued_on, changed = issued_on, True
        if title and document.title != title:
            document.title, changed = title, True
        if stated_type and document.stated_type != stated_type:
            document.stated_type, changed = stated_type, True
        if type_word and document.type_word != type_word:
            document.type_word, changed = type_word, True
        if issuer is not None and document.issuer_id != issuer.pk:
            document.issuer, changed = issuer, True
        if changed:
            document.save()
        return document

    def reference_document(self, ref: dict) -> Document:
        stated = ref.get("stated_type")
        if stated and stated not in symbols.TYPE_CODES:
            self.errors.append(
                _("%(symbol)s: “%(type)s” is not a document type code.")
                % {"symbol": ref["symbol"], "type": stated}
            )
            stated = None
        issued_on = interchange_date(ref.get("issued_on"))
        meant = symbols.meant_symbol(ref["symbol"], stated)
        if meant is not None and citations.meant_is_known(self, meant=meant, issued_on=issued_on):
            # A misquote links to the document it means (tasks/plan_import/citations.py).
            return self.document_upsert(symbol=meant, issued_on=issued_on)
        return self.document_upsert(
            symbol=ref["symbol"],
            issued_on=issued_on,
            title=ref.get("title"),
            stated_type=stated,
            issuer=self.org(ref.get("issuer_organization")),
            type_word=citations.written_type_word(ref),
        )

    # -- the run -------------------------------------------------------------------------------------

    def run(self) -> Plan:
        data = self.data
        for ref in [
            data["document"],
            *data.get("implements", []),
            *data.get("basis", []),
            *data.get("references", []),
        ]:
            try:
                symbols.parse_symbol(ref["symbol"])
            except symbols.SymbolError as error:
                self.errors.append(str(error))
        if self.errors:
            raise PlanImportError(self.errors)

        plan = self.plan_upsert()
        self.references_sync(plan)
        self.reporting_periods_sync(plan)
        self.sections_sync(plan)
        if self.errors:
            raise PlanImportError(self.errors)
        plan_number_tasks(plan=plan, given=self._given_numbers)
        self.errors += plan_link_parent_tasks(plan=plan, numbers=self._parent_numbers)
        if self.errors:
            raise PlanImportError(self.errors)
        plan_regenerate_dues(plan=plan)
        return plan

    def plan_upsert(self) -> Plan:
        data, doc = self.data, self.data["document"]
        symbol = symbols.normalize_symbol(doc["symbol"])
        issued_on = interchange_date(doc.get("issued_on"))
        candidates = list(Plan.objects.select_related("document").filter(document__symbol=symbol))
        plan = next((p for p in candidates if p.document.issued_on == issued_on), None) or (
            candidates[0] if candidates else None
        )

        owner = self.owner or self.org(data.get("owner"))
        if owner is None and self._owner_is_a_name():
            owner = self.org_by_name(data["owner"])
        if owner is None:
            owner = plan.owner if plan else None
        if owner is None:
            self.errors.append(_("Say which committee the plan belongs to (its owner)."))
        period = data.get("period") or {}
        start = (
            self.period_start
            or interchange_date(period.get("start"))
            or (plan.period_start if plan else None)
        )
        end = self.period_end or interchange_date(period.get("end")) or (plan.period_end if plan else None)
        if start is None or end is None:
            self.errors.append(_("Give the period of the plan: its first and last day."))
        elif plan_period_error(start, end):
            self.errors.append(plan_period_error(start, end))
        parent = None
        if parent_symbol(data):
            parent = plan_find(symbol=parent_symbol(data))
            if parent is None:
                self.errors.append(_("No plan has the symbol %(symbol)s.") % {"symbol": parent_symbol(data)})
        if self.errors:
            raise PlanImportError(self.errors)

        issuer = self.org(doc.get("issuer_organization")) or owner
        document = self.document_upsert(
            symbol=symbol,
            issued_on=issued_on,
            title=doc.get("title"),
            issuer=issuer,
            document=plan.document if plan else None,
        )
        signature = data.get("signature") or {}
        values = {
            "owner": owner,
            "title": doc.get("title") or "",
            "place": data.get("place") or "",
            "parent": parent,
            "period_start": start,
            "period_end": end,
            "preamble": data.get("preamble") or "",
            "recipients": list(data.get("recipients") or []),
            "signature_authority": signature.get("authority") or "",
            "signature_title": signature.get("title") or "",
            "signature_name": signature.get("name") or "",
            "warnings": list(data.get("warnings") or []),
        }
        if plan is None:
            return Plan.objects.create(document=document, **values)
        changed = apply_changes(plan, values)
        if changed:
            plan.save(update_fields=changed)
        return plan

    def references_sync(self, plan: Plan) -> None:
        data = self.data
        for role, key in (
            (PlanReference.Role.IMPLEMENTS, "implements"),
            (PlanReference.Role.BASIS, "basis"),
            (PlanReference.Role.CITED, "references"),
        ):
            if key not in data:
                continue
            existing = {ref.document_id: ref for ref in plan.references.filter(role=role)}
            kept = set()
            for item in data[key]:
                document = self.reference_document(item)
                written_as = item.get("written_as") or ""
                reference = existing.get(document.pk)
                if document.pk in kept:
                    continue  # the same document listed twice under one role: keep the first mention
                position = len(kept)  # among those kept, so that an export imports again unchanged
                kept.add(document.pk)
                if reference is None:
                    PlanReference.objects.create(
                        plan=plan, document=document, role=role, position=position, written_as=written_as
                    )
                elif (reference.position, reference.written_as) != (position, written_as):
                    reference.position, reference.written_as = position, written_as
                    reference.save(update_fields=["position", "written_as"])
            plan.references.filter(role=role).exclude(document_id__in=kept).delete()

    def reporting_periods_sync(self, plan: Plan) -> None:
        wanted = self.data.get("reporting_periods")
        if wanted is None:
            if plan.reporting_periods.exists():
                return
            wanted = DEFAULT_REPORTING_PERIODS
        existing = {(p.month, p.day): p for p in plan.reporting_periods.all()}
        keep = set()
        for item in wanted:
            key = (int(item["month"]), int(item["day"]))
            where = f"{key[1]:02d}/{key[0]:02d}"
            try:
                datetime.date(2024, *key)  # a leap year: 29/02 is a valid yearly date
            except ValueError:
                self.errors.append(_("Reporting period %(date)s: not a date.") % {"date": where})
                continue
            if item["kind"] not in ReportingPeriod.Kind.values:
                self.errors.append(
                    _("Reporting period %(date)s: “%(kind)s” is not one of %(kinds)s.")
                    % {"date": where, "kind": item["kind"], "kinds": ", ".join(ReportingPeriod.Kind.values)}
                )
                continue
            keep.add(key)
            period = existing.get(key)
            if period is None:
                ReportingPeriod.objects.create(plan=plan, month=key[0], day=key[1], kind=item["kind"])
            elif period.kind != item["kind"]:
                period.kind = item["kind"]
                period.save(update_fields=["kind"])
        for key, period in existing.items():
            if key not in keep:
                period.delete()

    # -- sections and tasks ----------------------------------------------------------------------------

    def sections_sync(self, plan: Plan) -> None:
        existing_sections = list(plan.sections.order_by("position", "pk"))
        by_parent: dict[int | None, list[Section]] = {}
        for section in existing_sections:
            by_parent.setdefault(section.parent_id, []).append(section)
        existing_tasks: dict[int, list[Task]] = {}
        for task in plan.tasks.order_by("position", "pk"):
            existing_tasks.setdefault(task.section_id, []).append(task)

        self._section_position = 0
        self._task_position = 0
        self._kept_sections: set[int] = set()
        self._kept_tasks: set[int] = set()
        self._given_numbers: dict[int, str] = {}
        self._parent_numbers: dict[int, str | None] = {}
        self._sync_level(plan, None, self.data["sections"], by_parent, existing_tasks, path=())

        obsolete_tasks = plan.tasks.exclude(pk__in=self._kept_tasks)
        submitted = obsolete_tasks.filter(
            Exists(Submission.objects.filter(due__task=OuterRef("pk")))
        ).values_list("text", flat=True)
        for text in submitted:
            self.errors.append(
                _("The task “%(text)s” is no longer in the plan but has submissions; it cannot be removed.")
                % {"text": text[:80]}
            )
        if self.errors:
            raise PlanImportError(self.errors)
        obsolete_tasks.delete()
        plan.sections.exclude(pk__in=self._kept_sections).delete()

    def _sync_level(self, plan, parent, items, by_parent, existing_tasks, path):
        available = list(by_parent.get(parent.pk if parent else None, []))
        for item in items:
            label = item["label"]
            section = next((s for s in available if s.label == label), None)
            if section is not None:
                available.remove(section)
            else:
                section = Section(plan=plan, parent=parent)
            values = {
                "parent": parent,
                "position": self._section_position,
                "label": label,
                "title": item.get("title") or "",
                "text": item.get("text") or "",
            }
            self._section_position += 1
            changed = apply_changes(section, values)
            if section.pk is None:
                section.save()
            elif changed:
                section.save(update_fields=changed)
            self._kept_sections.add(section.pk)
            where = section_key((*path, label))
            self._sync_tasks(plan, section, item.get("tasks", []), existing_tasks.get(section.pk, []), where)
            self._sync_level(
                plan, section, item.get("sections", []), by_parent, existing_tasks, (*path, label)
            )

    def _sync_tasks(self, plan, section, items, existing, where):
        existing = list(existing)
        # Pair unchanged texts first, so that inserting a bullet does not shift every task after it.
        matched: list[Task | None] = []
        for item in items:
            task = next((t for t in existing if t.text == item["text"]), None)
            if task is not None:
                existing.remove(task)
            matched.append(task)
        for index, task in enumerate(matched):
            if task is None and existing:
                matched[index] = existing.pop(0)
        for number, (item, task) in enumerate(zip(items, matched, strict=True), start=1):
            task = task or Task(plan=plan, section=section)
            self._task_sync(task, section, item, f"{where} #{number}")

    def _task_sync(self, task: Task, section: Section, item: dict, where: str) -> None:
        deadline = item["deadline"]
        values: dict[str, Any] = {
            "section": section,
            "position": self._task_position,
            "text": item["text"],
            "kind": deadline["kind"],
            "kind_explicit": deadline.get("explicit", bool(deadline.get("source"))),
            "deadline_source": deadline.get("source") or "",
            "due_on": interchange_date(deadline.get("due_on")),
            "precision": (deadline.get("precision") or "") if deadline["kind"] == Task.Kind.DATED else "",
            "trigger_text": deadline.get("trigger") or "",
            **annual_day_fields(deadline),
            "awaited_issuer": self.org(deadline.get("awaited_issuer")),
            "awaited_type": deadline.get("awaited_type") or "",
        }
        self._task_position += 1
        if "short_title" in item:
            values["short_title"] = (item["short_title"] or "").strip()
        number = (item.get("number") or "").strip()
        if len(number) > NUMBER_MAX_LENGTH:
            self.errors.append(
                _("%(where)s: the number “%(number)s” is longer than %(limit)d characters.")
                % {"where": where, "number": number[:40], "limit": NUMBER_MAX_LENGTH}
            )
            return
        if len(values.get("short_title", "")) > SHORT_TITLE_FIELD_LENGTH:
            self.errors.append(
                _("%(where)s: the short title is longer than %(limit)d characters.")
                % {"where": where, "limit": SHORT_TITLE_FIELD_LENGTH}
            )
            return
        if "lead_days" in deadline:
            values["lead_days"] = int_param(str(deadline["lead_days"]), maximum=MAX_DAYS)
            if values["lead_days"] is None:
                self.errors.append(
                    _("%(where)s: the days after the guidance must be a whole number from 0 to %(max)d.")
                    % {"where": where, "max": MAX_DAYS}
                )
                return
        elif task.pk is None:
            values["lead_days"] = DEFAULT_LEAD_DAYS
        guidance = deadline.get("guidance")
        if guidance:
            values["trigger_document"] = self.document_upsert(
                symbol=guidance["symbol"],
                issued_on=interchange_date(guidance.get("issued_on")),
                issuer=values["awaited_issuer"],
            )
        changed = apply_changes(task, values)
        try:
            validate_rule(task)
        except ValidationError as error:
            self.errors.extend(f"{where}: {message}" for message in error.messages)
            return
        if task.pk is None:
            task.save()
        elif changed:
            task.save(update_fields=changed)
        self._kept_tasks.add(task.pk)
        if number:
            self._given_numbers[task.pk] = number
        if "parent_task" in item:
            self._parent_numbers[task.pk] = item["parent_task"]
        self._units_sync(task, item, where)
        self._assignments_sync(task, item, where)

    def _units_sync(self, task: Task, item: dict, where: str) -> None:
        mapping = item.get("unit_organizations") or {}
        wanted = [(TaskUnit.Role.LEAD, i, name) for i, name in enumerate(item.get("lead", []))]
        wanted += [
            (TaskUnit.Role.COORDINATING, i, name) for i, name in enumerate(item.get("coordinating", []))
        ]
        existing = {(unit.role, unit.position): unit for unit in task.units.all()}
        for role, position, name in wanted:
            organization = self.org(mapping[name]) if name in mapping else self.org_by_name(name)
            unit = existing.pop((role, position), None)
            if unit is None:
                TaskUnit.objects.create(
                    task=task, role=role, position=position, name=name, organization=organization
                )
                continue
            changed = apply_changes(unit, {"name": name, "organization": organization})
            if changed:
                unit.save(update_fields=changed)
        if existing:
            TaskUnit.objects.filter(pk__in=[unit.pk for unit in existing.values()]).delete()

    def _assignments_sync(self, task: Task, item: dict, where: str) -> None:
        rules = item.get("assignments")
        if rules is None:
            # Only names: each must be exactly the name of one organization.
            rules = []
            for label in item.get("assignees", []):
                organization = self.org_by_name(label)
                if organization is None:
                    self.errors.append(
                        _("%(where)s: no organization is called “%(name)s”; give the assignment rule.")
                        % {"where": where, "name": label}
                    )
                    continue
                rules.append({"label": label, "scope": "one", "organization": organization, "kinds": []})
        existing = {assignment.position: assignment for assignment in task.assignments.all()}
        for position, rule in enumerate(rules):
            organization = rule["organization"]
            if isinstance(organization, str):
                organization = self.org(organization)
            if organization is None:
                continue  # reported when the codes were loaded
            scope = rule.get("scope") or Assignment.Scope.ONE
            if scope not in Assignment.Scope.values:
                self.errors.append(
                    _("%(where)s: the scope “%(scope)s” is not one of %(scopes)s.")
                    % {"where": where, "scope": scope, "scopes": ", ".join(Assignment.Scope.values)}
                )
                continue
            kinds = list(rule.get("kinds") or [])
            unknown = [kind for kind in kinds if kind not in Organization.Kind.values]
            if unknown:
                self.errors.append(
                    _("%(where)s: unknown organization kinds %(unknown)s (known: %(kinds)s).")
                    % {
                        "where": where,
                        "unknown": ", ".join(unknown),
                        "kinds": ", ".join(Organization.Kind.values),
                    }
                )
                continue
            values = {
                "label": rule.get("label") or organization.name,
                "scope": scope,
                "organization": organization,
                "kinds": kinds,
            }
            assignment = existing.pop(position, None)
            if assignment is None:
                Assignment.objects.create(task=task, position=position, **values)
                continue
            changed = apply_changes(assignment, values)
            if changed:
                assignment.save(update_fields=changed)
        if existing:
            Assignment.objects.filter(pk__in=[a.pk for a in existing.values()]).delete()


@transaction.atomic
def plan_import(
    *,
    data: dict,
    owner: Organization | None = None,
    user=None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> Plan:
    """Create the plan described by `data`, or update the plan with the same symbol in place; then
    generate its dues. Raises PlanImportError (nothing written) when the data is not valid."""
    errors = plan_validate(data=data)
    if errors:
        raise PlanImportError(errors)
    importer = _Importer(
        data=nfc_deep(data), owner=owner, user=user, period_start=period_start, period_end=period_end
    )
    try:
        return importer.run()
    except TooManyDues as exc:
        raise PlanImportError(exc.messages) from None
