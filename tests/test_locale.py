"""Vietnamese catalogues: complete, without fuzzy entries, and compiled .mo files committed in step with them
(so that a machine without gettext still shows Vietnamese)."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.require import require

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    path.relative_to(ROOT)
    for path in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po")
    if ".venv" not in path.parts
)


def test_the_project_catalogue_exists():
    assert Path("locale/vi/LC_MESSAGES/django.po") in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=str)
def test_the_catalogue_is_complete_and_compiled(po, tmp_path):
    msgfmt = shutil.which("msgfmt")
    require(msgfmt is not None, "GNU gettext's msgfmt is not installed (apt-get install gettext)")
    compiled = tmp_path / "django.mo"
    result = subprocess.run(
        [msgfmt, "--check-format", "--statistics", "-o", compiled, ROOT / po],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, f"{po}: {result.stderr}"

    committed = ROOT / po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run compilemessages and commit it"
    with compiled.open("rb") as fresh, committed.open("rb") as current:
        assert gettext.GNUTranslations(current)._catalog == gettext.GNUTranslations(fresh)._catalog, (
            f"{committed} is older than {po}: run `make messages` (or compilemessages) and commit it"
        )


def test_the_language_names_read_in_vietnamese():
    with translation.override("vi"):
        assert [str(name) for _, name in settings.LANGUAGES] == ["Tiếng Việt", "Tiếng Anh"]
    with translation.override("en"):
        assert [str(name) for _, name in settings.LANGUAGES] == ["Vietnamese", "English"]


def _doubled(text: str) -> bool:
    """The same words twice in a row (a translation pasted twice), punctuation and spaces aside."""
    half, rest = divmod(len(text), 2)
    return len(text) > 20 and not rest and text[:half] == text[half:]


@pytest.mark.parametrize("po", CATALOGUES, ids=str)
def test_no_translation_says_its_words_twice(po):
    with (ROOT / po.with_suffix(".mo")).open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    doubled = [source for source, text in catalogue.items() if isinstance(text, str) and _doubled(text)]
    assert doubled == [], f"{po}: translated twice over: {doubled}"
