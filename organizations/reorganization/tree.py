"""Moving subtrees of the organization tree in bulk: a fixed number of queries for any number of moves.

The tree is a materialized path (docs/architecture.md §3). treebeard's own ``move()`` reloads and renumbers
siblings at tens of queries per node; a national reorganization moves thousands of organizations under the
same new parent, so those moves are done together: every moved organization gets a fresh step after the
target's last child, and the paths of all their subtrees are rewritten by one ``UPDATE ... FROM (VALUES ...)``
per path length (a batch of a thousand), the parents' child counts by one ``UPDATE`` per distinct change.
No new path exists before the update (each is after the target's last child), so it never collides.
"""

from collections import Counter, defaultdict

from django.db import connection
from django.db.models import F

from organizations.models import Organization

CHUNK = 1000


def _last_index(target: Organization) -> int:
    steplen = Organization.steplen
    last = (
        Organization.objects.filter(path__startswith=target.path, depth=target.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Organization._str2int(last[-steplen:]) if last else 0


def _rewrite(moves: list[tuple[str, str, int]]) -> None:
    """(old path, new path, depth change) of subtree roots of one path length: their subtrees rewritten."""
    table = connection.ops.quote_name(Organization._meta.db_table)
    length = len(moves[0][0])
    for start in range(0, len(moves), CHUNK):
        chunk = moves[start : start + CHUNK]
        values = ", ".join(["(CAST(%s AS TEXT), CAST(%s AS TEXT), CAST(%s AS INTEGER))"] * len(chunk))
        sql = (
            f"WITH m(old_path, new_path, delta) AS (VALUES {values}) "
            f"UPDATE {table} SET path = m.new_path || substr({table}.path, %s), "
            f"depth = {table}.depth + m.delta FROM m WHERE substr({table}.path, 1, %s) = m.old_path"
        )
        params = [value for move in chunk for value in move] + [length + 1, length]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def subtrees_move(organizations: list[Organization], target: Organization) -> dict[int, str]:
    """Make each of `organizations` (with its subtree) a last child of `target`, in the order given.

    The caller guarantees that none is under another of them, that `target` is under none of them and that
    none is already a child of `target`. Returns {organization id: its old path}.
    """
    steplen = Organization.steplen
    index = _last_index(target)
    by_length: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    old_paths = {}
    for offset, organization in enumerate(organizations, start=1):
        new_path = Organization._get_path(target.path, target.depth + 1, index + offset)
        by_length[len(organization.path)].append(
            (organization.path, new_path, target.depth + 1 - organization.depth)
        )
        old_paths[organization.pk] = organization.path
    for moves in by_length.values():
        _rewrite(moves)
    # Child counts: each old parent loses its moved children, the target gains them all.
    losses = Counter(path[:-steplen] for path in old_paths.values())
    by_loss: dict[int, list[str]] = defaultdict(list)
    for parent_path, count in losses.items():
        by_loss[count].append(parent_path)
    for count, parents in by_loss.items():
        Organization.objects.filter(path__in=parents).update(numchild=F("numchild") - count)
    Organization.objects.filter(pk=target.pk).update(numchild=F("numchild") + len(organizations))
    return old_paths
