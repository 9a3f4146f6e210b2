"""The environment variables config/settings.py reads, found in its source, for tests that start Django in a
subprocess with a clean environment and for the checks that every variable is documented."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# env.str("NAME", ...), env.db("NAME", ...), _env_bool("NAME", ...) and the like.
_READ = re.compile(r"""(?:\benv\.\w+|\b_env_\w+)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def settings_variables() -> set[str]:
    return set(_READ.findall((ROOT / "config" / "settings.py").read_text(encoding="utf-8")))


SETTINGS_VARIABLES = frozenset(settings_variables())


def clean_env(**variables: str) -> dict[str, str]:
    """This process's environment without any variable the settings read, plus `variables`."""
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(variables)
    return env
