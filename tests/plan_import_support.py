"""What the tests of importing plan 62-KH/ĐUK share: the demo tree without the demo plan, the seed's text,
and the comparison of an imported plan with the demo plan.

The titles of the documents a plan cites are the one thing the comparison leaves out: they belong to the
document register (the demo file writes them, staff type them when they register a document), the seed's
text does not give them, and the parser never writes them, so that importing a plan never overwrites a
registered document's title.
"""

import copy
import json
from pathlib import Path

import yaml

from organizations.models import Organization
from tasks.demo.load import DEMO_DIR, PLAN_FILE, organizations_load

SEED = Path(__file__).resolve().parent / "data" / "ke-hoach-62-KH-DUK.txt"
REFERENCE_KEYS = ("implements", "basis", "references")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def demo_plan_data() -> dict:
    return json.loads((DEMO_DIR / PLAN_FILE).read_text(encoding="utf-8"))


def demo_tree_load() -> dict[str, Organization]:
    """The demo's organization tree (no plan, no users, no activity), by code."""
    data = yaml.safe_load((DEMO_DIR / "organizations.yaml").read_text(encoding="utf-8"))
    organizations_load(data=data["organizations"])
    return {org.code: org for org in Organization.objects.all()}


def without_register_titles(exported: dict) -> dict:
    """`exported` with the titles of the cited documents blanked (see the module docstring)."""
    data = copy.deepcopy(exported)
    for key in REFERENCE_KEYS:
        for reference in data.get(key, []):
            reference["title"] = ""
    return data


def walk_tasks(sections):
    for section in sections:
        yield from section["tasks"]
        yield from walk_tasks(section["sections"])
