"""The submit form's drafts (tasks/submissions/drafts.py) under concurrent requests: each new draft sweeps the
old ones, and must never take one another request is writing at that moment (the load test's 30 secretaries
submitting at once lost a submission to exactly that: a 500 while its file was being saved)."""

import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tasks.submissions import drafts
from tests.uploads import pdf, pdf_bytes

TOKEN = "A" * 22
OTHER = "B" * 22


def _names(token: str) -> list[str]:
    folder = f"drafts/{token}"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


def test_a_draft_still_being_written_is_not_swept_by_another_request():
    # Request 1 has saved its file and not yet its draft.json.
    default_storage.save(f"drafts/{TOKEN}/00-ke-hoach.pdf", ContentFile(pdf_bytes()))
    # Request 2 keeps its own draft, which sweeps the old ones.
    drafts.draft_keep(
        token=OTHER, user_id=2, due_id=2, data={"text": "Đã nộp"}, uploads=[pdf("bien-ban.pdf")]
    )
    assert _names(TOKEN) == ["00-ke-hoach.pdf"]
    assert _names(OTHER) == ["00-bien-ban.pdf", "draft.json"]


def test_a_draft_left_for_a_week_is_swept_with_its_folder():
    drafts.draft_keep(
        token=TOKEN, user_id=1, due_id=1, data={"text": "Đã nộp"}, uploads=[pdf("ke-hoach.pdf")]
    )
    default_storage.save(f"drafts/{OTHER}/00-chua-xong.pdf", ContentFile(pdf_bytes()))  # never finished
    assert drafts.drafts_sweep(now=time.time() + drafts.MAX_AGE_SECONDS - 60) == 0
    assert drafts.drafts_sweep(now=time.time() + drafts.MAX_AGE_SECONDS + 60) == 2
    assert not default_storage.exists(f"drafts/{TOKEN}")
    assert not default_storage.exists(f"drafts/{OTHER}")


def test_a_draft_deleted_leaves_no_folder_and_a_missing_one_is_no_error():
    drafts.draft_keep(token=TOKEN, user_id=1, due_id=1, data={}, uploads=[pdf("ke-hoach.pdf")])
    drafts.draft_delete(token=TOKEN)
    assert default_storage.listdir("drafts") == ([], [])
    drafts.draft_delete(token=TOKEN)  # deleted meanwhile by another request: nothing to do
    assert drafts.draft_load(token=TOKEN, user_id=1, due_id=1) is None
