"""The limits of one request that carries files, the same for every upload form (a submission, the period
report, a document of the register): at most MAX_FILES files, and a whole request of about five files at the
per-file limit. A request over the limit has its files dropped unread, and the form comes back with what was
typed and a message instead of a server error (docs/architecture.md §2)."""

import functools

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from organizations.files.uploads import max_upload_bytes

MAX_FILES = 10
# A whole request may carry about five files at the per-file limit, plus the text fields.
REQUEST_FILES_FACTOR = 5
REQUEST_SLACK = 1024 * 1024


def max_request_bytes() -> int:
    return max_upload_bytes() * REQUEST_FILES_FACTOR + REQUEST_SLACK


class RequestSizeLimit(FileUploadHandler):
    """Drops every uploaded file, unread, when the request as a whole is over the limit.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count files, so a 300 MB upload would otherwise be
    written to disk before the form could refuse it. The text fields (and the CSRF token) are still
    parsed, so the form comes back with what the user typed and a message instead of a server error.
    Installed before request.POST is read, by `limit_request_size`.
    """

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.too_large = False
        self.request_size = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_size = content_length or 0
        self.too_large = self.request_size > self.limit
        return None

    def new_file(self, *args, **kwargs):
        if self.too_large:
            raise SkipFile
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


def request_too_large_message(handler: RequestSizeLimit) -> str:
    return _(
        "The files together are %(size).0f MB; one submission may carry at most %(limit).0f MB "
        "(%(per_file)d MB per file). Nothing was saved: choose fewer or smaller files."
    ) % {
        "size": handler.request_size / 1024 / 1024,
        "limit": handler.limit / 1024 / 1024,
        "per_file": max_upload_bytes() // (1024 * 1024),
    }


def limit_request_size(view):
    """Install RequestSizeLimit before anything reads the body, then check CSRF as usual.

    CsrfViewMiddleware reads request.POST, which would store every uploaded file first; so the view is
    exempted from the middleware and protected by csrf_protect once the handler is in place (the pattern
    Django documents for custom upload handlers).
    """
    protected = csrf_protect(view)

    @functools.wraps(view)
    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        request.size_limit = None
        if request.method == "POST":
            request.size_limit = RequestSizeLimit(request, limit=max_request_bytes())
            request.upload_handlers.insert(0, request.size_limit)
        return protected(request, *args, **kwargs)

    return wrapper


def request_too_large(request) -> str:
    """The message for a request over the size limit, else "". Reads the body first (that is when the limit
    is seen)."""
    request.POST  # noqa: B018 - parses the body through RequestSizeLimit
    handler = getattr(request, "size_limit", None)
    return str(request_too_large_message(handler)) if handler is not None and handler.too_large else ""


class RequestSizeFormMixin:
    """For a form of a view under `limit_request_size`: the view passes `request_too_large(request)`, and the
    form refuses with that message on its `files` field, everything typed kept."""

    def __init__(self, *args, request_too_large: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.request_too_large = request_too_large

    def clean(self):
        cleaned = super().clean()
        if self.request_too_large:
            self.add_error("files", self.request_too_large)
        return cleaned
