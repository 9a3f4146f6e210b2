"""The demo's 2025 reorganization (reorganization-2025.yaml), applied once after the 2023-2025 history.

A second ``load_demo`` finds it applied (the same file is recorded) and leaves the tree as it is: loading
organizations.yaml again would put the old tree back over the new one.
"""

import datetime
from pathlib import Path

from organizations.models import Reorganization
from organizations.reorganization.operations import Outcome, reorganization_apply

REORGANIZATION_FILE = "reorganization-2025.yaml"


def demo_source(directory: Path) -> str:
    return (directory / REORGANIZATION_FILE).read_text(encoding="utf-8")


def demo_reorganized(directory: Path) -> bool:
    path = directory / REORGANIZATION_FILE
    return path.exists() and Reorganization.objects.filter(source=demo_source(directory)).exists()


def demo_reorganize(directory: Path) -> Outcome | None:
    """Apply the demo's reorganization unless it already was; None when there was nothing to do."""
    if not (directory / REORGANIZATION_FILE).exists() or demo_reorganized(directory):
        return None
    return reorganization_apply(source=demo_source(directory))


def demo_ending(directory: Path) -> dict[int, datetime.date]:
    """{organization id: the day it ends} for the organizations the demo's reorganization will end, found by a
    dry run (nothing is kept); empty once it has been applied, or without the file. The history before the
    reorganization plays nothing of theirs from that day on (tasks/demo/history.py)."""
    if not (directory / REORGANIZATION_FILE).exists() or demo_reorganized(directory):
        return {}
    outcome = reorganization_apply(source=demo_source(directory), dry_run=True)
    return dict.fromkeys(outcome.ended, outcome.effective_on)
