"""The one search box of the navigation bar: tasks (by number or words), obligations, submissions, documents
and organizations, ignoring diacritics (organizations.text.fold), each only as far as the user's Access scope
reaches (docs/architecture.md: every object through a scoped accessor).

Every word typed must appear; a query shaped like a task number ("II.2.3") finds that task and the tasks
under it. The query count is fixed: one read of the candidate tasks' texts (there is no folded column on
tasks), then a count and a slice per group.
"""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from organizations.access import Access
from organizations.models import Organization
from organizations.text import fold
from plans.selectors import documents_for_user
from tasks.access import selectors
from tasks.models import Submission, Task

GROUPS = ("tasks", "dues", "submissions", "documents", "organizations")
MAX_QUERY_LENGTH = 200
_NUMBER = re.compile(r"^(?:[ivxlc]+|\d+)(?:\.[0-9a-z]+)*\.?$")


@dataclass(frozen=True)
class Needle:
    words: tuple[str, ...]
    number: str  # the folded task number typed, or ""


def needle(query: str) -> Needle | None:
    folded = fold(query[:MAX_QUERY_LENGTH])
    words = tuple(folded.split())
    if not words:
        return None
    number = words[0].rstrip(".") if len(words) == 1 and _NUMBER.match(words[0]) else ""
    return Needle(words=words, number=number)


def _words_q(field: str, words: tuple[str, ...]) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": word})
    return condition


def _task_matches(found: Needle, *, number: str, text: str, short_title: str) -> bool:
    folded_number = fold(number)
    if found.number:
        return folded_number == found.number or folded_number.startswith(found.number + ".")
    haystack = fold(f"{number} {short_title} {text}")
    return all(word in haystack for word in found.words)


def _matching_task_ids(access: Access, found: Needle) -> list[int]:
    candidates = Task.objects.filter(
        Q(plan__in=selectors.plans_for_user(access).values("pk"))
        | Q(pk__in=selectors.dues_for_user(access).values("task_id"))
    ).values_list("pk", "number", "text", "short_title")
    return [
        pk
        for pk, number, text, short_title in candidates
        if _task_matches(found, number=number, text=text, short_title=short_title)
    ]


def search_querysets(*, access: Access, query: str) -> dict[str, QuerySet] | None:
    """The result of each group for `query`, ordered, not yet evaluated; None when nothing was typed."""
    found = needle(query)
    if found is None:
        return None
    task_ids = _matching_task_ids(access, found)
    org_q = _words_q("name_folded", found.words)
    dues = (
        selectors.dues_for_user(access)
        .filter(Q(task_id__in=task_ids) | Q(organization__in=Organization.objects.filter(org_q)))
        .select_related("plan__document", "task", "organization")
        .order_by("due_on", "task__position", "organization__path", "pk")
    )
    submissions = (
        Submission.objects.active()
        .filter(access.org_q("due__organization__"))
        .filter(Q(due__in=dues.values("pk")) | Q(document_symbol__icontains=query.strip()[:MAX_QUERY_LENGTH]))
        .select_related("due__plan__document", "due__task", "due__organization")
        .order_by("-submitted_at", "-pk")
    )
    return {
        "tasks": Task.objects.filter(pk__in=task_ids, plan__in=selectors.plans_for_user(access).values("pk"))
        .select_related("plan__document")
        .order_by("plan_id", "position", "pk"),
        "dues": dues,
        "submissions": submissions,
        "documents": documents_for_user(access)
        .active()
        .filter(_words_q("search_text", found.words))
        .order_by("-issued_on", "symbol", "pk"),
        "organizations": access.organizations().filter(is_active=True).filter(org_q).order_by("path"),
    }
