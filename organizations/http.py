"""Helpers every app's views share: who may open a staff page, the query string a page's links keep, and where
to go back to after a form."""

from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme


def require_staff(request) -> None:
    """The pages of the committee office (documents register, plan import, plan editing, dashboard) do not
    exist for anyone else: 404 rather than 403, so that nobody learns what is there (docs/domain.md §2)."""
    if not request.access.is_staff:
        raise Http404


def require_superuser(request) -> None:
    """The administrator's own pages (reorganizations) do not exist for anyone else: 404, as for staff pages."""
    if not request.user.is_superuser:
        raise Http404


def query_string(request, *drop: str) -> str:
    """The current query string without `page` and the parameters in `drop`: the filters a page's links keep."""
    query = request.GET.copy()
    for key in ("page", *drop):
        query.pop(key, None)
    return query.urlencode()


def safe_next_url(request, default: str = "") -> str:
    """The `next` parameter (POST, else GET) when it is a path on this site, else `default`.

    Only a path ("/..."): another site's address is refused (an open redirect), and so is a bare word, which
    redirect() would read as the name of a view."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
