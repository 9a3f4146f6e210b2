"""README.md stays true to the project: every dependency explained, the two-command quick start, the sections a
newcomer needs."""

import re
import tomllib

from tests.settings_support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README.md has no section '{title}'"
    return match[1]


def _requirement_name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9._-]+", requirement)[0].lower()


def test_every_dependency_has_its_line():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [
        requirement for group in project["optional-dependencies"].values() for requirement in group
    ]
    section = _section("Dependencies").lower()
    explained = set(re.findall(r"`([a-z0-9._-]+)(?:\[[a-z0-9,]+\])?`", section))
    assert [name for name in map(_requirement_name, requirements) if name not in explained] == []


def test_quick_start_is_make_run_then_make_test():
    quick_start = _section("Quick start")
    block = re.search(r"```sh\n(.*?)```", quick_start, re.S)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    assert "plantrack-demo" in quick_start and "PORT" in quick_start


def test_it_has_the_sections_a_newcomer_needs():
    for title in (
        "Configuration",
        "Running with PostgreSQL, Redis, a Celery worker and beat (without Docker)",
        "Deploying with Docker",
        "Project layout",
        "How CI works",
        "Translations",
        "Dependencies",
        "Benchmarks",
    ):
        assert _section(title).strip(), title
