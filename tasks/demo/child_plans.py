"""Demo child plans (docs/domain.md §8.1): implementation plans of 62-KH/ĐUK written by three grassroots
committees, in child_plans/ as the text files they would hand in, read by the plan importer with their parent
tasks proposed from their wording, as a secretary's file is read on the submission page."""

from pathlib import Path

from organizations.models import Organization
from plans.models import Plan
from tasks.demo.history import acting
from tasks.plan_import.cascade import plan_propose_parent_tasks
from tasks.plan_import.reading import plan_parse_file
from tasks.plan_import.resolution import plan_resolve
from tasks.plan_import.save import plan_import

CHILD_DIR = Path(__file__).resolve().parent / "child_plans"
# file, owner's code: Sở Tài chính's plan covers most of 62-KH/ĐUK, Sở Y tế's a few tasks, Sở Giáo dục's
# sets a deadline after its parent task's.
CHILD_PLANS = (
    ("05-KH-DU-so-tai-chinh.txt", "db-so-tai-chinh"),
    ("03-KH-DU-so-y-te.txt", "db-so-y-te"),
    ("07-KH-DU-so-giao-duc.txt", "db-so-giao-duc"),
)


def child_plans_load(*, parent: Plan, directory: Path = CHILD_DIR) -> list[Plan]:
    """Read and save each demo child plan (created, or updated in place on a second load)."""
    plans = []
    for filename, code in CHILD_PLANS:
        path = directory / filename
        owner = Organization.objects.get(code=code)
        data = plan_parse_file(data=path.read_bytes(), filename=path.name)
        plan_propose_parent_tasks(data=data, parent=parent)
        resolution = plan_resolve(data=data, owner=owner, period=(parent.period_start, parent.period_end))
        if resolution.errors:
            raise ValueError(f"{filename}: " + "; ".join(resolution.errors))
        with acting(None, data["document"].get("issued_on")):  # dated when it was issued
            plans.append(plan_import(data=data))
    return plans
