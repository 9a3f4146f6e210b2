"""Expanding a task's assignments (one organization, or a group rule) into concrete organizations."""

from django.db.models import Q

from organizations.models import Organization


def assignment_organizations(assignment) -> list[Organization]:
    """The organizations one assignment designates, in tree order."""
    anchor = assignment.organization
    if assignment.scope == "one":
        return [anchor]
    if assignment.scope == "children":
        queryset = anchor.get_children()
    else:
        queryset = anchor.get_descendants()
    queryset = queryset.filter(is_active=True)
    if assignment.kinds:
        queryset = queryset.filter(kind__in=assignment.kinds)
    return list(queryset.order_by("path"))


def task_organizations(task) -> list[Organization]:
    """Every organization that must carry out `task`, each once, in tree order."""
    seen: dict[int, Organization] = {}
    for assignment in task.assignments.select_related("organization"):
        for organization in assignment_organizations(assignment):
            seen.setdefault(organization.pk, organization)
    return sorted(seen.values(), key=lambda org: org.path)


def organizations_query(task) -> Q:
    """The same set as task_organizations, as one filter on Organization (for counts and subqueries)."""
    condition = Q(pk__in=[])
    for assignment in task.assignments.select_related("organization"):
        anchor = assignment.organization
        if assignment.scope == "one":
            part = Q(pk=anchor.pk)
        elif assignment.scope == "children":
            part = Q(path__startswith=anchor.path, depth=anchor.depth + 1, is_active=True)
        else:
            part = Q(path__startswith=anchor.path, depth__gt=anchor.depth, is_active=True)
        if assignment.kinds and assignment.scope != "one":
            part &= Q(kind__in=assignment.kinds)
        condition |= part
    return condition
