"""Expanding a task's assignments (one organization, or a group rule) into concrete organizations."""

from django.db.models import Q

from organizations.models import Organization


def assignment_query(assignment) -> Q:
    """The organizations one assignment designates, as a filter on Organization.

    Group rules are written on the materialized path alone (not on treebeard's numchild), so that the
    list and the filter below always agree.
    """
    anchor = assignment.organization
    if assignment.scope == "one":
        return Q(pk=anchor.pk)
    # An organization a reorganization ended still belongs to the group for the time before its end
    # (docs/domain.md, "Reorganizations"): the dues and the grid keep it to the days it existed.
    existing = Q(is_active=True) | Q(ended_on__isnull=False)
    if assignment.scope == "children":
        part = Q(path__startswith=anchor.path, depth=anchor.depth + 1) & existing
    else:
        part = Q(path__startswith=anchor.path, depth__gt=anchor.depth) & existing
    if assignment.kinds:
        part &= Q(kind__in=assignment.kinds)
    return part


def task_organizations(task) -> list[Organization]:
    """Every organization that must carry out `task`, each once, in tree order."""
    return list(Organization.objects.filter(organizations_query(task)).order_by("path"))


def organizations_query(task) -> Q:
    """The same set as task_organizations, as one filter on Organization (for counts and subqueries)."""
    condition = Q(pk__in=[])
    for assignment in task.assignments.select_related("organization"):
        condition |= assignment_query(assignment)
    return condition
