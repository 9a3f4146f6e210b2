"""The layout of docs/architecture.md, checked: apps depend one way, tasks/ keeps its top level small, modules
and functions stay short, and no code reaches outside the repository.

Every check reads the source with ``ast`` (nothing is imported or executed) and reports every violation at
once, each with its file and line, so a failing run is a complete to-do list.
"""

import ast
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# docs/architecture.md: a later app may import an earlier one, never the reverse.
APPS = ("organizations", "plans", "tasks", "reports")
RANK = {app: rank for rank, app in enumerate(APPS)}
# The shared test support (tests/) sits above every app: the apps' own tests/ folders may use it, their code
# may not.
TEST_SUPPORT = "tests"

TASKS_TOP_LEVEL = {"__init__", "models", "urls", "admin", "apps", "tasks"}
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80

# The one file allowed to name the reference folder beside the repository: the test that compares the
# repository's copy of the plan schema with it, when it is there.
SCHEMA_DRIFT_TEST = "tasks/tests/plan_import/test_interchange.py"
# Written in pieces, so that this file does not name that folder itself.
_SHARED = "shared"
SHARED_PATH = re.compile(r"\.\./" + _SHARED + r"\b|\b" + _SHARED + "/")

# An app label or dotted path written as a string: "tasks.SubmissionFile", "tasks.tasks.reminders_daily_scan".
DOTTED = re.compile(r"(?P<app>[a-z_]+)(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
APP_LOOKUPS = {"get_model", "get_app_config", "get_containing_app_config", "is_installed"}


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _app_modules() -> list[Path]:
    """Every .py file of the four apps, except migrations and the apps' own tests/ folders."""
    modules = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT / app).parts
            if "migrations" in parts or parts[0] == "tests":
                continue
            modules.append(path)
    return modules


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _package_of(path: Path) -> list[str]:
    """The dotted package a module belongs to, as parts: tasks/planning/dues.py → ["tasks", "planning"]."""
    return list(path.relative_to(ROOT).parent.parts)


def _imports(tree: ast.Module, path: Path):
    """(line, module) for every import anywhere in the module (functions included), relative ones made
    absolute; also app labels and dotted paths named in strings (``apps.get_model("tasks.Due")``, a
    ForeignKey's "tasks.Due", a Celery task's name), which tie one app to another just as an import does."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = _package_of(path)
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # `from tasks import models` imports tasks.models: the first part is what counts.
            yield node.lineno, module
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0] if node.args else None
            if name in APP_LOOKUPS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield node.lineno, first.value
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = DOTTED.fullmatch(node.value)
            if match and match["app"] in RANK:
                yield node.lineno, node.value


def _report(title: str, violations: list[str]) -> None:
    if violations:
        pytest.fail(f"{title} ({len(violations)}):\n" + "\n".join(violations), pytrace=False)


def test_apps_import_only_earlier_apps():
    violations = []
    for path in _app_modules():
        app = path.relative_to(ROOT).parts[0]
        for line, module in sorted(set(_imports(_parse(path), path))):
            target = module.split(".")[0]
            if target in RANK and RANK[target] > RANK[app]:
                violations.append(f"{_relative(path)}:{line}: {app} imports {module} (later app {target})")
            elif target == TEST_SUPPORT:
                violations.append(f"{_relative(path)}:{line}: {app} imports {module} (the test support)")
    _report(
        "An app may import an earlier one, never a later one: "
        + " ← ".join(APPS)
        + " (docs/architecture.md)",
        violations,
    )


def test_tasks_top_level_holds_only_the_app_modules():
    extra = sorted(
        f"tasks/{path.name}" for path in (ROOT / "tasks").glob("*.py") if path.stem not in TASKS_TOP_LEVEL
    )
    _report(
        "tasks/ has at its top level only models, urls, admin, apps and tasks (Celery); "
        "everything else lives in its sub-package (docs/architecture.md)",
        extra,
    )


def test_no_module_over_600_lines():
    violations = []
    for path in _app_modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            violations.append(f"{_relative(path)}: {lines} lines")
    _report(f"Modules over {MAX_MODULE_LINES} lines: split them by what they do", violations)


def test_no_function_over_80_lines():
    violations = []
    for path in _app_modules():
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    violations.append(f"{_relative(path)}:{node.lineno}: {node.name}() is {lines} lines")
    _report(f"Functions over {MAX_FUNCTION_LINES} lines: split them into steps", violations)


def _repository_sources():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and d not in {"__pycache__", "node_modules"}
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(folder) / name


def test_no_code_names_the_folder_beside_the_repository():
    violations = []
    for path in _repository_sources():
        relative = _relative(path)
        if relative == SCHEMA_DRIFT_TEST:
            continue
        source = path.read_text(encoding="utf-8")
        found = {
            number: text.strip()
            for number, text in enumerate(source.splitlines(), start=1)
            if SHARED_PATH.search(text)
        }
        for node in ast.walk(ast.parse(source, filename=str(path))):
            # parent / "shared" / ...: a path built in pieces is still a path there.
            if (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Div)
                and isinstance(node.right, ast.Constant)
                and node.right.value == _SHARED
            ):
                found.setdefault(node.lineno, f"a path built into {_SHARED}/")
        violations += [f"{relative}:{number}: {text}" for number, text in sorted(found.items())]
    _report(
        f"Code cites docs/domain.md or docs/architecture.md, never the reference folder beside the repository "
        f"(only {SCHEMA_DRIFT_TEST} may compare the plan schema with it)",
        violations,
    )


def test_the_import_check_sees_every_kind_of_import():
    """The check above is only as good as what it collects: imports inside functions, `import x.y`,
    relative imports and app labels named in strings must all be seen."""
    source = """
import tasks.models
from organizations.access import Access
from . import stored
from ..models import Organization


def later():
    from reports.generation import report_request
    import plans


def label():
    return apps.get_model("tasks", "Due"), "plans.DocumentAttachment", "not tasks"
"""
    path = ROOT / "organizations" / "files" / "example.py"
    found = sorted(set(_imports(ast.parse(source), path)))
    assert found == [
        (2, "tasks.models"),
        (3, "organizations.access"),
        (4, "organizations.files"),
        (5, "organizations.models"),
        (9, "reports.generation"),
        (10, "plans"),
        (14, "plans.DocumentAttachment"),
        (14, "tasks"),
    ]


def test_the_folder_check_sees_a_path_however_written():
    outside = "../" + _SHARED, "/work/" + _SHARED + "/plan.schema.json", _SHARED + "/seeds/"
    assert all(SHARED_PATH.search(text) for text in outside)
    assert not any(SHARED_PATH.search(text) for text in ("shared_state", "the shared test world", "sharedx/"))


# docs/architecture.md §2: every object a view fetches goes through organizations.access.get_or_404 on a scoped
# queryset, so that a 404 always means "outside your scope" and never skips the scope.
BYPASSING_404 = {"get_object_or_404", "get_list_or_404"}


def test_every_404_goes_through_the_scoped_accessor():
    violations = []
    for path in _app_modules():
        for node in ast.walk(_parse(path)):
            if isinstance(node, ast.ImportFrom) and node.module == "django.shortcuts":
                violations += [
                    f"{_relative(path)}:{node.lineno}: imports {alias.name}"
                    for alias in node.names
                    if alias.name in BYPASSING_404
                ]
    _report(
        "Fetch objects with organizations.access.get_or_404 on a scoped queryset (docs/architecture.md §2)",
        violations,
    )


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _named_in(text: str, app: str, relative: str) -> bool:
    """`relative` (a module "backup.py" or a package "files/" of `app`) is written in backquotes, alone, as a
    path from the app ("management/commands/"), or from the repository ("tasks/plan_import/")."""
    name = relative.rstrip("/").rsplit("/", 1)[-1] + ("/" if relative.endswith("/") else "")
    return any(f"`{form}" in text for form in (relative, name, f"{app}/{relative}"))


def test_the_architecture_names_every_sub_package_and_top_level_module():
    """A newcomer finds where a behaviour lives in docs/architecture.md: every sub-package of the four apps
    and every module at their top level is named there."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = []
    for app in APPS:
        base = ROOT / app
        for init in sorted(base.rglob("__init__.py")):
            relative = init.parent.relative_to(base).as_posix()
            if relative == "." or {"tests", "migrations"} & set(relative.split("/")):
                continue
            if not _named_in(text, app, relative + "/"):
                missing.append(f"{app}/{relative}/")
        for module in sorted(base.glob("*.py")):
            if module.stem != "__init__" and not _named_in(text, app, module.name):
                missing.append(f"{app}/{module.name}")
    _report("Name these in docs/architecture.md (section 3), with what they own", missing)


# docs/architecture.md §10: tests sit next to the code they test (<app>/tests/<sub-package>/); tests/ keeps the
# project-wide suites only, and the browser and load suites in their folders.
PROJECT_WIDE_SUITES = {
    "test_architecture.py",  # this file: the layout
    "test_compose.py",
    "test_csrf.py",
    "test_fuzz_forms.py",  # bad input posted to every form of every app
    "test_healthz.py",
    "test_language.py",
    "test_locale.py",
    "test_readme.py",
    "test_security_headers.py",
    "test_security_settings.py",
    "test_settings.py",
}


def test_tests_folder_holds_only_the_project_wide_suites():
    stray = sorted(
        path.name for path in (ROOT / TEST_SUPPORT).glob("test_*.py") if path.name not in PROJECT_WIDE_SUITES
    )
    _report(
        "A test of one app's code goes next to it, in <app>/tests/<sub-package>/ (docs/architecture.md §10)",
        stray,
    )
