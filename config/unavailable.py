"""A request that fails because the database cannot be reached (a restart, a failover, a dropped
connection) gets a 503 page that says to try again in a moment, not the 500 "system error" page: nothing is
wrong with what the person did, and a second later it works (docs/architecture.md §9, CONN_HEALTH_CHECKS
checks a kept connection before each request uses it).

Two ways in: the middleware catches the error a view raises (the usual case: the view's queries or the
commit of its transaction), and `server_error`, the project's handler500, turns the same error raised
anywhere else (a middleware reading the session, say) into the same page. The page is rendered without a
request context: the context processors would query the database again.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("plantrack.unavailable")

UNREACHABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def unavailable_response(request, exception: Exception) -> HttpResponse:
    logger.warning("database unreachable during %s %s: %s", request.method, request.path, exception)
    retry = getattr(request, "retry_url", "") or (request.path if request.method == "GET" else "")
    response = HttpResponse(render_to_string("503.html", {"retry_url": retry}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNREACHABLE):
            return unavailable_response(request, exception)
        return None


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the error is the database's being unreachable, else Django's own."""
    import sys

    exception = sys.exc_info()[1]
    if isinstance(exception, UNREACHABLE):
        return unavailable_response(request, exception)
    try:
        return django_server_error(request, template_name=template_name)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
