"""The compliance matrix's cells, rendered in Python: a page holds thousands of them, and a template loop
with a tag per cell would cost more than computing the figures. Each cell keeps its word (an abbreviation
with the full state as its title, explained by the legend), never colour alone (docs/domain.md §7)."""

import functools

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.models import Organization
from plans.periods import period_words
from tasks.models import Due
from tasks.monitoring.statuses import STATUSES
from tasks.templatetags.plantrack import STATE_ICONS

register = template.Library()

_SENTINEL = 987654321
SIGNED_MARK = "✍"


def abbreviations() -> dict[str, str]:
    """The short word shown in a cell for each state, in the active language."""
    return {
        "waiting": pgettext("state abbreviation", "Wait"),
        "open": pgettext("state abbreviation", "Open"),
        "overdue": pgettext("state abbreviation", "Over"),
        "submitted": pgettext("state abbreviation", "Sent"),
        "late": pgettext("state abbreviation", "Late"),
        "returned": pgettext("state abbreviation", "Ret."),
        "accepted": pgettext("state abbreviation", "OK"),
        "not_applicable": pgettext("state abbreviation", "N/A"),
    }


@functools.lru_cache(maxsize=16)
def _fragments(language: str) -> dict[str, dict[str, str]]:
    """HTML pieces for each state in one language, escaped once per process rather than once per cell.
    (`language` is the key; the active language is the one it names.)"""
    short = abbreviations()
    labels = {status: escape(Due.Status(status).label) for status in STATUSES}
    signed = escape(signed_words())
    icons = {status: f'<span aria-hidden="true">{STATE_ICONS[status]}</span>' for status in STATUSES}
    return {
        "count": {
            status: f'<span class="state state-{status} px-1 rounded" title="{labels[status]}">'
            f'<span aria-hidden="true">{escape(short[status])}</span>'
            f'<span class="visually-hidden">{labels[status]}:</span> '
            for status in STATUSES
        },
        "plain": {
            status: f'<td class="text-center"><span class="state state-{status} px-1 rounded" '
            f'title="{labels[status]}"><span aria-hidden="true">{STATE_ICONS[status]} {escape(short[status])}</span>'
            f'<span class="visually-hidden">{labels[status]}</span></span></td>'
            for status in STATUSES
        },
        "linked": {
            # The link is named by the full word; the abbreviation is what the eye reads.
            status: f'<td class="text-center"><a class="state state-{status} px-1 rounded" title="{labels[status]}" '
            f'aria-label="{labels[status]}" href="{{}}">{icons[status]} {escape(short[status])}</a></td>'
            for status in STATUSES
        },
        # The latest version has a validly signed file: the same link, with a small mark and its words.
        "signed": {
            status: f'<td class="text-center"><a class="state state-{status} px-1 rounded" '
            f'title="{labels[status]} · {signed}" aria-label="{labels[status]}, {signed}" href="{{}}">'
            f'{icons[status]} {escape(short[status])}<sup class="signed-mark" aria-hidden="true">{SIGNED_MARK}</sup></a></td>'
            for status in STATUSES
        },
        "legend": {
            status: f'<li class="list-inline-item"><span class="state state-{status} px-1 rounded">{icons[status]} '
            f"{escape(short[status])}</span> {labels[status]}</li>"
            for status in STATUSES
        },
        "none": '<td class="text-center text-body-tertiary" title="{}">·</td>'.format(
            escape(_("Nothing owed"))
        ),
        "kinds": {kind: escape(label) for kind, label in Organization.Kind.choices},
    }


def signed_words() -> str:
    return _("latest version digitally signed, signature valid")


def _vocabulary() -> dict[str, dict[str, str]]:
    return _fragments(translation.get_language() or "")


def _url_maker(name: str):
    """A fast pk → URL function for one URL pattern (reverse() once, not once per cell)."""
    try:
        prefix, suffix = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    except NoReverseMatch:
        return None
    return lambda pk: f"{prefix}{pk}{suffix}"


@register.simple_tag
def state_legend():
    """The legend under the matrix: each abbreviation with its colour, icon and full word."""
    legend = _vocabulary()["legend"]
    signed = (
        f'<li class="list-inline-item"><sup class="signed-mark" aria-hidden="true">{SIGNED_MARK}</sup> '
        f"{escape(signed_words())}</li>"
    )
    return mark_safe("".join(legend[status] for status in STATUSES) + signed)


def _counts_html(totals, pieces: dict[str, str], separator: str = " ") -> str:
    parts = [f"{pieces[status]}{totals[status]}</span>" for status in STATUSES if totals.get(status)]
    return separator.join(parts) if parts else "–"


@register.simple_tag
def matrix_rows(grid, selectable=False):
    """The <tr> of every organization of the page: name, one cell per column, the row's totals. With
    `selectable`, each name has a box to tick for the office's action form (tasks/office/)."""
    words = _vocabulary()
    plain, linked, signed, none, kinds, pieces = (
        words["plain"],
        words["linked"],
        words["signed"],
        words["none"],
        words["kinds"],
        words["count"],
    )
    due_url, submission_url = _url_maker("due_detail"), _url_maker("submission_detail")
    html = []
    for row in grid.rows:
        org = row.organization
        name = escape(org.name_then(grid.period.end))  # as named then (names prefetched with the rows)
        if org.ended_on is not None:  # kept for the periods it existed in, marked as ended
            ended = escape(_("ended %(day)s") % {"day": org.ended_on.strftime("%d/%m/%Y")})
            shown = f'{name} <span class="badge text-bg-secondary">{ended}</span>'
        else:
            shown = name
        box = (
            f'<input class="form-check-input me-1" type="checkbox" name="org" value="{org.pk}" form="matrix-act" '
            f'aria-label="{name}">'
            if selectable
            else ""
        )
        html.append(
            f'<tr><th scope="row" class="org fw-normal">{shown}'
            f'<div class="small text-body-secondary">{box}{kinds.get(org.kind, "")}</div></th>'
        )
        for cell in row.cells:
            if cell is None:
                html.append(none)
            elif cell.submission_id and submission_url:
                fragments = signed if cell.signed else linked
                html.append(fragments[cell.status].format(submission_url(cell.submission_id)))
            elif cell.due_id and due_url:
                html.append(linked[cell.status].format(due_url(cell.due_id)))
            else:
                html.append(plain[cell.status])
        html.append(f'<td class="text-nowrap">{_counts_html(row.totals, pieces)}</td></tr>')
    return mark_safe("".join(html))


def _short(text: str, length: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@register.simple_tag
def matrix_head(grid):
    """The header row: one column per due, headed by its task's number (else its place) and its date; the
    task's number and short title as title."""
    waiting = escape(Due.Status.WAITING.label)
    organization, total = escape(_("Organization")), escape(_("Total"))
    cells = [f'<tr><th scope="col" class="org">{organization}</th>']
    for column in grid.columns:
        when = (
            f"{column.due_on:%d/%m/%y}"
            if column.due_on
            else f'<span aria-hidden="true">{STATE_ICONS["waiting"]}</span><span class="visually-hidden">{waiting}</span>'
        )
        # Headed by name (docs/domain.md §6): the report's name, the deliverable's short title, its number as title.
        name = column.title
        hint = column.task.label if column.task is not None else name
        cells.append(
            f'<th scope="col" class="text-center"><a href="#col-{column.number}" '
            f'title="{escape(hint)}">{escape(name)}</a><br>'
            f'<small class="fw-normal">{when}</small></th>'
        )
    cells.append(f'<th scope="col">{total}</th></tr>')
    return mark_safe("".join(cells))


@register.simple_tag
def matrix_foot(grid):
    """The totals row: each column's counts over every page, and the overall counts."""
    pieces = _vocabulary()["count"]
    label = escape(_("Total"))
    if grid.page is not None and grid.page.paginator.num_pages > 1:
        every_page = escape(_("all pages"))  # outside the f-string, where makemessages finds it
        label += f' <span class="fw-normal small">({every_page})</span>'
    cells = [f'<tr><th scope="row" class="org">{label}</th>']
    cells += [
        f'<td class="small">{_counts_html(column.totals, pieces, "<br>")}</td>' for column in grid.columns
    ]
    cells.append(f'<td class="small">{_counts_html(grid.totals, pieces, "<br>")}</td></tr>')
    return mark_safe("".join(cells))


@register.simple_tag
def matrix_columns(grid):
    """The table under the matrix that says what each column is (it prints, unlike titles): the task's
    number, short title and text."""
    pieces = _vocabulary()["count"]
    waiting = _vocabulary()["legend"]["waiting"].replace("<li", "<span").replace("</li>", "</span>")
    rows = []
    for column in grid.columns:
        task = column.task
        when = f"{column.due_on:%d/%m/%Y}" if column.due_on else waiting
        number = task.number if task is not None else ""
        text = _short(task.text, 240) if task is not None else ""
        rows.append(
            f'<tr id="col-{column.number}">'
            f'<th scope="row" class="text-nowrap">{escape(number or column.number)}</th>'
            f"<td>{escape(column.title)}"
            f'<div class="small text-body-secondary">{escape(text)}</div></td>'
            f'<td class="text-nowrap">{escape(period_words(column.period))}</td>'
            f'<td class="text-nowrap">{when}</td>'
            f"<td>{_counts_html(column.totals, pieces)}</td></tr>"
        )
    return mark_safe("".join(rows))


@register.filter
def get_count(totals, status: str) -> int:
    return totals.get(status, 0)
