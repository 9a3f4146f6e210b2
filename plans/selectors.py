"""Scoped accessors for the documents register.

A document belongs to the committee whose office registered it (``Document.registered_by``, docs/domain.md
§3). Who sees and who manages a document (the rule every documents page follows):
- the register is a tool of office staff (``access.is_staff``); nobody else sees any document here;
- a staff member sees what the committees in their scope registered, and, read-only, what the committees
  ABOVE their scope registered (a Tỉnh ủy's register is addressed down the tree); never what a sibling
  committee registered, even a document of their common superior: each committee registers the documents it
  needs in its own register, so that none can edit, withdraw or block another's;
- only the office of the registering committee (``managed_paths``) edits or withdraws a document;
- rows registered before the rule (no ``registered_by``) follow the issuer instead: seen when the issuer is in
  scope, above it or unknown, managed only when the issuer is in the managed subtree.

Ancestors are found from the materialized path itself: every prefix of a path of whole steps is an
ancestor, so the condition is one ``IN`` list, whatever the size of the tree.
"""

from django.db.models import Q, QuerySet

from organizations.access import Access, get_or_404
from organizations.models import Organization
from plans.models import Document, DocumentAttachment


def _ancestor_paths(paths) -> list[str]:
    """Every ancestor (and the node itself) of each path, from the path's whole steps."""
    step = Organization.steplen
    return sorted({path[:end] for path in paths for end in range(step, len(path) + 1, step)})


def _issuer_q(paths) -> Q:
    condition = Q(issuer__isnull=True) | Q(issuer__path__in=_ancestor_paths(paths))
    for path in paths:
        condition |= Q(issuer__path__startswith=path)
    return condition


def _subtree_q(field: str, paths) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__path__startswith": path})
    return condition


def _registered_q(paths) -> Q:
    """Registered by a committee in `paths`' subtrees or above them, or (an old row) by the issuer rule."""
    mine = _subtree_q("registered_by", paths) | Q(registered_by__path__in=_ancestor_paths(paths))
    return mine | (Q(registered_by__isnull=True) & _issuer_q(paths))


def documents_for_user(access: Access) -> QuerySet[Document]:
    if not access.is_staff:
        return Document.objects.none()
    if access.is_superuser:
        return Document.objects.all()
    return Document.objects.filter(_registered_q(access.scope_paths))


def documents_readable_by(access: Access) -> QuerySet[Document]:
    """``documents_for_user``, and, read-only, for the members of an organization that owes something under a
    plan (docs/domain.md): that plan's document and the guidance documents its tasks wait for. The dues are
    reached through the ORM's reverse relations (document → plan → tasks → dues), so plans imports nothing
    from tasks (docs/architecture.md: organizations ← plans ← tasks)."""
    owed = Document.objects.filter(
        access.org_q("plan__tasks__dues__organization__")
        | access.org_q("triggered_tasks__dues__organization__")
    )
    return Document.objects.filter(
        Q(pk__in=documents_for_user(access).values("pk")) | Q(pk__in=owed.values("pk"))
    )


def documents_managed_by(access: Access) -> QuerySet[Document]:
    if not access.is_staff:
        return Document.objects.none()
    if access.is_superuser:
        return Document.objects.all()
    paths = access.managed_paths
    return Document.objects.filter(
        _subtree_q("registered_by", paths) | (Q(registered_by__isnull=True) & _subtree_q("issuer", paths))
    )


def registering_committee(access: Access) -> Organization | None:
    """The committee in whose register a staff member's new documents go: the committee their office serves
    (the first, for someone serving several); None for a superuser serving none."""
    paths = sorted(access.managed_paths)
    return Organization.objects.filter(path=paths[0]).first() if paths else None


def document_get_for_user(access: Access, pk: int, *, manage: bool = False) -> Document:
    queryset = documents_managed_by(access) if manage else documents_for_user(access)
    return get_or_404(queryset.select_related("issuer"), pk=pk)


def document_read_get_for_user(access: Access, pk: int) -> Document:
    """A document to read (its page, its files): see ``documents_readable_by``."""
    return get_or_404(documents_readable_by(access).select_related("issuer"), pk=pk)


def document_attachment_get_for_user(access: Access, *, document_pk: int, pk: int) -> DocumentAttachment:
    documents = documents_readable_by(access).filter(pk=document_pk)
    return get_or_404(DocumentAttachment.objects.filter(document__in=documents), pk=pk)


def issuers_for_user(access: Access) -> QuerySet[Organization]:
    """Organizations a staff member may name as a document's issuer: the committees above those they serve,
    and every organization of those committees' subtrees."""
    if not access.is_staff:
        return Organization.objects.none()
    if access.is_superuser:
        return Organization.objects.filter(is_active=True)
    condition = Q(path__in=_ancestor_paths(access.managed_paths))
    for path in access.managed_paths:
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition, is_active=True)
