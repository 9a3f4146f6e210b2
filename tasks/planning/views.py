"""Plans for committee staff: the list, the plan page with its progress, editing a task, and the tasks
waiting for a guidance document with the form that registers it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from organizations.audit.trail import history_wanted
from organizations.files.limits import limit_request_size, request_too_large
from organizations.http import query_string, require_staff
from organizations.models import Organization
from organizations.params import id_param, year_param
from organizations.text import fold
from plans import symbols
from plans.documents import symbol_check
from plans.forms import tree_choices
from plans.models import Document, ReportingPeriod
from plans.selectors import issuers_for_user, registering_committee
from tasks.access import selectors
from tasks.access.history import plan_histories, task_history
from tasks.access.selectors import plan_get_for_user, plans_for_user, task_get_for_user
from tasks.models import Task
from tasks.planning.dues import TooManyDues, waiting_tasks
from tasks.planning.editing import Units, task_update
from tasks.planning.forms import AssignmentFormSet, GuidanceForm, TaskRuleForm, TaskUnitsForm
from tasks.planning.guidance import guidance_register as register_guidance
from tasks.planning.kept_files import uploads_forget, uploads_keep, uploads_kept, uploads_open
from tasks.planning.outline import plan_outline
from tasks.planning.reporting import HalfYearReportForm, plan_add_half_year_report

PAGE_SIZE = 30
WAITING_PAGE_SIZE = 50


# --- plans -----------------------------------------------------------------------------------------
def plans_filtered(access, params):
    """The plans in the user's scope with the list's filters (words, year in force) as the page and its
    workbook apply them (issue 17 item 13), with their task counts, in their order; and the filters read."""
    plans = plans_for_user(access)
    q = params.get("q", "").strip()
    year = year_param(params.get("year"))
    if q:
        plans = plans.filter(document__search_text__contains=" ".join(fold(q).split()))
    if year:
        plans = plans.filter(period_start__year__lte=year, period_end__year__gte=year)
    plans = plans.annotate(
        task_count=Count("tasks", distinct=True),
        waiting_count=Count(
            "tasks",
            filter=Q(tasks__kind=Task.Kind.TRIGGERED, tasks__trigger_document__isnull=True),
            distinct=True,
        ),
    ).order_by("-period_start", "document__symbol", "pk")
    return plans, {"q": q, "year": year or ""}


@login_required
def plan_list(request):
    plans, filters = plans_filtered(request.access, request.GET)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/plan_list.html",
        {
            "page": page,
            **filters,
            "filtered": bool(filters["q"] or filters["year"]),
            "query_string": query_string(request),
        },
    )


@login_required
def plan_detail(request, pk: int):
    access = request.access
    plan = selectors.plan_read_get_for_user(access, pk)
    outline = plan_outline(plan=plan, access=access, today=timezone.localdate())
    # The audit trail, for the office staff who manage the plan.
    history, task_history_ = (
        plan_histories(plan=plan, full=history_wanted(request))
        if access.manages(plan.owner)
        else (None, None)
    )
    return _plan_page(request, plan, outline=outline, history=history, task_history=task_history_)


def _plan_page(request, plan, *, outline, history, task_history, half_year_form=None):
    access = request.access
    can_manage = access.manages(plan.owner)
    # Offered while the plan has no half-year report; shown again with its errors after a refused one.
    # The calendar comes with the outline's prefetch (tasks.planning.outline): no query of its own.
    dates = list(plan.reporting_periods.all()) if can_manage else []
    half_year = can_manage and (
        half_year_form is not None or all(p.kind != ReportingPeriod.Kind.HALF_YEAR for p in dates)
    )
    return render(
        request,
        "tasks/plan_detail.html",
        {
            "plan": plan,
            "outline": outline,
            "sections": outline.sections,
            "task_count": outline.task_count,
            "totals": outline.totals,
            "can_manage": can_manage,
            "is_staff": access.is_staff,
            "history": history,
            "task_history": task_history,
            "reporting_dates": dates,
            "half_year_form": (half_year_form or HalfYearReportForm()) if half_year else None,
        },
    )


@login_required
@require_POST
def plan_signature_requirement(request, pk: int):
    """The office requires, or no longer requires, a validly signed PDF with every periodic report of the
    plan (Plan.reports_require_signed_pdf, docs/domain.md §8.4); a deliverable's is set on its task."""
    plan = plan_get_for_user(request.access, pk, manage=True)
    plan.reports_require_signed_pdf = request.POST.get("reports_require_signed_pdf") == "on"
    plan.save(update_fields=["reports_require_signed_pdf"])
    if plan.reports_require_signed_pdf:
        messages.success(
            request, _("Periodic reports of this plan now require a PDF with a valid digital signature.")
        )
    else:
        messages.success(request, _("Periodic reports of this plan no longer require a digital signature."))
    return redirect("plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_add_half_year(request, pk: int):
    """The office adds a half-year report to the plan's calendar (docs/domain.md §5): one more report due
    per organization and year, the plan's dues regenerated; a due with a submission is never deleted."""
    plan = plan_get_for_user(request.access, pk, manage=True)
    form = HalfYearReportForm(request.POST)
    if form.is_valid():
        try:
            result = plan_add_half_year_report(
                plan=plan, month=form.cleaned_data["month"], day=form.cleaned_data["day"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        outline = plan_outline(plan=plan, access=request.access, today=timezone.localdate())
        history, task_history_ = plan_histories(plan=plan)
        page = _plan_page(
            request, plan, outline=outline, history=history, task_history=task_history_, half_year_form=form
        )
        page.status_code = 400
        return page
    messages.success(
        request,
        ngettext(
            "Half-year report added on %(date)s: %(count)d new due.",
            "Half-year report added on %(date)s: %(count)d new dues.",
            result.created,
        )
        % {
            "date": f"{form.cleaned_data['day']:02d}/{form.cleaned_data['month']:02d}",
            "count": result.created,
        },
    )
    return redirect("plan_detail", pk=plan.pk)


def _task_save(rule_form, units_form, assignments):
    """Saves the task through task_update; None, with the reason on the rule form, when the save would create
    more dues than one save may (tasks/planning/dues.py, MAX_NEW_DUES)."""
    units = units_form.cleaned_data
    try:
        return task_update(
            task=rule_form.save(commit=False),
            lead=Units(
                organizations=units["lead_organizations"], names=units_form.lines(units["lead_names"])
            ),
            coordinating=Units(
                organizations=units["coordinating_organizations"],
                names=units_form.lines(units["coordinating_names"]),
            ),
            assignments=assignments.save(commit=False),
            removed_assignments=assignments.deleted_objects,
        )
    except TooManyDues as exc:
        rule_form.add_error(None, exc)
        return None


@login_required
def task_edit(request, plan_pk: int, pk: int):
    access = request.access
    plan = plan_get_for_user(access, plan_pk, manage=True)
    task = task_get_for_user(access, pk, plan=plan, manage=True)
    organizations = (
        Organization.objects.filter(access.org_q(), path__startswith=plan.owner.path, is_active=True)
        .order_by("path")
        .only("pk", "name", "depth", "path")
    )
    choices = tree_choices(organizations)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    rule_form = TaskRuleForm(data, instance=task, issuers=issuers_for_user(access))
    units_form = TaskUnitsForm(data, task=task, organizations=organizations, choices=choices)
    assignments = AssignmentFormSet(
        data,
        files,
        instance=task,
        prefix="assignments",
        queryset=task.assignments.select_related("organization").order_by("position", "pk"),
        form_kwargs={"organizations": organizations, "choices": [("", "---------"), *choices]},
    )
    if request.method == "POST":
        valid = [rule_form.is_valid(), units_form.is_valid(), assignments.is_valid()]
        result = _task_save(rule_form, units_form, assignments) if all(valid) else None
        if result is not None:
            message = _(
                "Task saved. Dues: %(created)d created, %(updated)d moved to a new date, %(deleted)d deleted, "
                "%(kept)d kept because something was submitted for them."
            ) % {
                "created": result.created,
                "updated": result.updated,
                "deleted": result.deleted,
                "kept": len(result.kept),
            }
            (messages.warning if result.kept else messages.success)(request, message)
            return redirect(reverse("plan_detail", args=[plan.pk]) + f"#task-{task.pk}")
    return render(
        request,
        "tasks/task_edit.html",
        {
            "plan": plan,
            "task": task,
            "rule_form": rule_form,
            "units_form": units_form,
            "assignments": assignments,
            "has_errors": request.method == "POST",
            "history": task_history(
                task=task, full=history_wanted(request)
            ),  # the page is for staff who manage the plan
        },
    )


# --- waiting for guidance --------------------------------------------------------------------------
def _waiting_for(access):
    return (
        waiting_tasks()
        .filter(access.managed_q("plan__owner__"))
        .select_related("plan__document", "section", "awaited_issuer")
        .order_by("-plan__period_start", "plan_id", "position", "pk")
    )


def waiting_filtered(access, params):
    """The tasks of the user's plans waiting for a guidance, with the list's filter (whom it is awaited from)
    as the page and its workbook apply it (issue 17 item 13), in plan order; and the issuer read."""
    tasks = _waiting_for(access)
    issuer = id_param(params.get("issuer"))
    if issuer:
        tasks = tasks.filter(awaited_issuer_id=issuer)
    return tasks.prefetch_related("assignments"), issuer


@login_required
def waiting_list(request):
    require_staff(request)
    access = request.access
    tasks, issuer = waiting_filtered(access, request.GET)
    issuers = list(
        Organization.objects.filter(pk__in=_waiting_for(access).values("awaited_issuer_id"))
        .order_by("path")
        .only("pk", "name", "short_name")
    )
    page = Paginator(tasks, WAITING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/waiting_list.html",
        {
            "page": page,
            "issuers": issuers,
            "issuer": str(issuer or ""),
            "filtered": bool(issuer),
            "query_string": query_string(request),
        },
    )


def _preselected(tasks, *, issuer_id, doc_type) -> set[str]:
    if not issuer_id or not doc_type:
        return set()
    return {str(t.pk) for t in tasks if t.awaited_issuer_id == issuer_id and t.awaited_type == doc_type}


def _type_of(symbol: str, fallback: str = "") -> str:
    try:
        return symbols.parse_symbol(symbol).type
    except symbols.SymbolError:
        return fallback if fallback in symbols.TYPE_CODES else ""


@login_required
@limit_request_size
def guidance_register(request):
    require_staff(request)
    access = request.access
    waiting = _waiting_for(access)
    issuers = issuers_for_user(access)
    too_large = ""
    kept = []
    if request.method == "POST":
        too_large = request_too_large(request)
        form = GuidanceForm(
            request.POST,
            request.FILES,
            issuers=issuers,
            tasks=waiting,
            instance=Document(registered_by=registering_committee(access)),
            request_too_large=too_large,
        )
        kept = uploads_kept(session=request.session, tokens=request.POST.getlist("kept_files"))
        if form.is_valid():
            result = register_guidance(
                document=form.save(commit=False),
                tasks=form.cleaned_data["tasks"],
                files=[*form.cleaned_data["files"], *uploads_open(kept)],
                user=request.user,
            )
            uploads_forget(session=request.session, entries=kept)
            messages.success(
                request,
                ngettext(
                    "%(symbol)s registered: %(tasks)d task opened, %(dues)d dues created, %(people)d people notified.",
                    "%(symbol)s registered: %(tasks)d tasks opened, %(dues)d dues created, %(people)d people notified.",
                    len(result.tasks),
                )
                % {
                    "symbol": result.document.symbol,
                    "tasks": len(result.tasks),
                    "dues": result.dues,
                    "people": result.notified,
                },
            )
            plan_ids = {task.plan_id for task in result.tasks}
            if len(plan_ids) == 1:
                return redirect("plan_detail", pk=plan_ids.pop())
            return redirect("waiting_list")
        selected = set(form["tasks"].value() or [])
        if "files" not in form.errors:  # checked files: kept until the form succeeds
            kept += uploads_keep(session=request.session, files=form.cleaned_data.get("files") or [])
    else:
        issuer_id = id_param(request.GET.get("issuer"))
        symbol = request.GET.get("symbol", "")
        form = GuidanceForm(initial={"issuer": issuer_id, "symbol": symbol}, issuers=issuers, tasks=waiting)
        selected = _preselected(
            waiting, issuer_id=issuer_id, doc_type=_type_of(symbol, request.GET.get("type", ""))
        )
    context = {"form": form, "waiting": waiting, "selected": {str(pk) for pk in selected}, "kept": kept}
    if request.htmx and request.method == "GET":
        return render(request, "tasks/partials/guidance_tasks.html", context)
    symbol = form["symbol"].value() or ""
    if symbol:
        context["check"] = symbol_check(text=symbol)
    return render(request, "tasks/guidance_register.html", context, status=413 if too_large else 200)
