"""The search page behind the navigation bar's search box: results grouped by kind, a few of each; one kind
alone, paginated, with `kind=`."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tasks.navigation.search import GROUPS, MAX_QUERY_LENGTH, search_querysets

PREVIEW = 5
PAGE_SIZE = 30
TITLES = {
    "tasks": _("Tasks"),
    "dues": _("Obligations"),
    "submissions": _("Submissions"),
    "documents": _("Documents"),
    "organizations": _("Organizations"),
}


@login_required
def search(request):
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in GROUPS else ""
    querysets = search_querysets(access=request.access, query=query)
    groups = []
    page = None
    if querysets is not None:
        if kind:
            page = Paginator(querysets[kind], PAGE_SIZE).get_page(request.GET.get("page"))
            groups.append({"kind": kind, "title": TITLES[kind], "count": page.paginator.count, "items": page})
        else:
            for name in GROUPS:
                count = querysets[name].count()
                items = list(querysets[name][:PREVIEW]) if count else []
                groups.append({"kind": name, "title": TITLES[name], "count": count, "items": items})
    return render(
        request,
        "tasks/search.html",
        {
            "q": query,
            "kind": kind,
            "groups": groups,
            "page": page,
            "preview": PREVIEW,
            "total": sum(group["count"] for group in groups),
            "query_string": urlencode({"q": query, "kind": kind}) if kind else "",
        },
    )
