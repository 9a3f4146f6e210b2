"""Bounds on what an import reads, checked before the expensive step (docs/architecture.md): a plan of a
few hundred pages fits; a file that would tie up the server is refused with a message that says why.

- characters: every path (pasted text, .txt, .docx, PDF) is refused past ``MAX_CHARACTERS``;
- zip packages (.docx): the directory is read first, and the package refused when its entries would inflate
  past ``MAX_INFLATED_BYTES`` in all, or one entry past ``MAX_RATIO`` times its compressed size, or it holds
  more than ``MAX_ENTRIES`` entries. Python's zipfile never inflates an entry past the size its directory
  declares (a lying directory ends in a CRC error), so checking the directory bounds the work;
- PDF: at most ``MAX_PAGES`` pages, and extraction stops at the character cap.
"""

import io
import zipfile

from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_CHARACTERS = 600_000  # about 200 pages of a plan; the longest real plans run to a tenth of that
MAX_INFLATED_BYTES = 40 * 1024 * 1024
MAX_RATIO = 150
MAX_ENTRIES = 1000
MAX_PAGES = 300
# Above this many characters the browser's import reads the plan in the background (Celery) and the page waits.
BACKGROUND_CHARACTERS = 60_000


class PlanReadError(ValueError):
    """A document the importer will not read; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def characters_check(text: str, *, name: str = "") -> str:
    if len(text) > MAX_CHARACTERS:
        raise PlanReadError(
            _(
                "“%(name)s” holds %(count)s characters, more than the %(limit)s a plan may have. Import the plan "
                "without its annexes of figures, or split it."
            )
            % {
                "name": name or _("The text"),
                "count": number_format(len(text), force_grouping=True),
                "limit": number_format(MAX_CHARACTERS, force_grouping=True),
            }
        )
    return text


def zip_check(data: bytes, *, name: str) -> None:
    """Refuse a zip package whose directory announces too much, before anything is inflated."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PlanReadError(_("“%(name)s” could not be read as a Word document.") % {"name": name}) from error
    too_big = _("“%(name)s” would unpack to more than %(limit)d MB: it is not an ordinary Word document.") % {
        "name": name,
        "limit": MAX_INFLATED_BYTES // (1024 * 1024),
    }
    if len(entries) > MAX_ENTRIES:
        raise PlanReadError(too_big)
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > MAX_INFLATED_BYTES:
            raise PlanReadError(too_big)
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise PlanReadError(too_big)
