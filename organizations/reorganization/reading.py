"""Reading a reorganization file (YAML) into operations that remember their line.

The format is documented in README.md ("Reorganizations"): an ``effective`` date and a list of
``operations``, each a mapping whose first key names the operation (rename, move, merge, split, dissolve,
create). Every error names the line it is about, so the person who wrote the file finds it at once.
"""

import datetime
from dataclasses import dataclass, field

import yaml
from django.utils.translation import gettext as _

OPERATIONS = ("rename", "move", "merge", "split", "dissolve", "create")
# The fields each operation reads: any other is a typo that would be silently ignored.
FIELDS = {
    "rename": ("name",),
    "move": ("to",),
    "merge": ("into",),
    "split": ("into", "obligations"),
    "dissolve": ("successor",),
    "create": (),
}
MAX_OPERATIONS = 50_000


class ReorganizationError(Exception):
    """A file that cannot be applied as written: nothing of it is applied."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class Operation:
    kind: str
    line: int
    data: dict
    lines: dict = field(default_factory=dict)  # key -> line of its value

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass
class ReorganizationFile:
    effective_on: datetime.date
    operations: list[Operation]
    source: str


def _line(node) -> int:
    return node.start_mark.line + 1


# libyaml's loader when PyYAML has it: a national file (10,000 lines) reads in a second, not half a minute.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(source: str):
    try:
        return yaml.compose(source, Loader=LOADER), yaml.load(source, Loader=LOADER)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ReorganizationError(
            _("the file is not valid YAML (%(problem)s).") % {"problem": error.problem},
            mark.line + 1 if mark else None,
        ) from error
    except yaml.YAMLError as error:
        raise ReorganizationError(_("the file is not valid YAML.")) from error


def _key_nodes(node) -> dict:
    return {key.value: value for key, value in node.value} if isinstance(node, yaml.MappingNode) else {}


def _effective(data: dict, keys: dict) -> datetime.date:
    value = data.get("effective")
    line = _line(keys["effective"]) if "effective" in keys else 1
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, datetime.date):
        raise ReorganizationError(_("“effective” must be a date written as 2025-07-01."), line)
    return value


def reorganization_read(source: str) -> ReorganizationFile:
    """The file's effective date and operations, or ReorganizationError naming the line."""
    root, data = _compose(source)
    if not isinstance(data, dict):
        raise ReorganizationError(_("the file must start with “effective:” and “operations:”."), 1)
    keys = _key_nodes(root)
    effective_on = _effective(data, keys)
    items = data.get("operations")
    if not isinstance(items, list) or not items:
        line = _line(keys["operations"]) if "operations" in keys else 1
        raise ReorganizationError(_("“operations” must be a list of at least one operation."), line)
    if len(items) > MAX_OPERATIONS:
        raise ReorganizationError(_("a file holds at most %(count)s operations.") % {"count": MAX_OPERATIONS})
    operations = []
    for item, node in zip(items, keys["operations"].value, strict=True):
        line = _line(node)
        kinds = [key for key in item if key in OPERATIONS] if isinstance(item, dict) else []
        if len(kinds) != 1:
            raise ReorganizationError(
                _("each operation starts with one of: %(names)s.") % {"names": ", ".join(OPERATIONS)}, line
            )
        lines = {key: _line(value) for key, value in _key_nodes(node).items()}
        for key in item:
            if key != kinds[0] and key not in FIELDS[kinds[0]]:
                raise ReorganizationError(
                    _("“%(operation)s” has no field “%(field)s” (its fields: %(fields)s).")
                    % {
                        "operation": kinds[0],
                        "field": key,
                        "fields": ", ".join(FIELDS[kinds[0]]) or "-",
                    },
                    lines.get(key, line),
                )
        operations.append(Operation(kind=kinds[0], line=line, data=item, lines=lines))
    return ReorganizationFile(effective_on=effective_on, operations=operations, source=source)
