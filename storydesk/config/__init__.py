"""storydesk's own settings: typed groups read from the environment (groups.py), checked before anything runs.

settings.py is the only reader; everything else reads django.conf.settings.
"""
from __future__ import annotations

import os
from types import SimpleNamespace

from storydesk.config.base import PREFIX, SettingsError, load, variable_names
from storydesk.config.groups import GROUPS, RENAMED

__all__ = ["SettingsError", "load_all", "renamed_in_use", "unknown_variables"]
# Read elsewhere, by the benchmarks and the test scripts, not by the desk itself.
TOOLING = {"STORYDESK_BENCH_HOME", "STORYDESK_BENCH_DATABASE_URL", "STORYDESK_REQUIRE_SERVICES", "STORYDESK_TEST_NOW",
           "STORYDESK_TEST_POSTGRES_URL", "STORYDESK_TEST_REDIS_URL"}


def load_all() -> SimpleNamespace:
    """Every group, by its lower-case class name; every bad variable is reported at once, not the first only."""
    loaded, problems = {}, []
    for group in GROUPS:
        try:
            loaded[group.__name__.lower()] = load(group)
        except SettingsError as error:
            problems.extend(error.problems)
    if problems:
        raise SettingsError(problems)
    return SimpleNamespace(**loaded)


def renamed_in_use(environ=os.environ) -> dict[str, str]:
    """Old variable names still set in the environment -> their new names."""
    return {old: new for old, new in RENAMED.items() if environ.get(old)}


def unknown_variables(environ=os.environ) -> list[str]:
    """STORYDESK_* variables nothing reads: usually a typo, and the setting it meant keeps its default."""
    known = TOOLING | set(RENAMED) | {name for group in GROUPS for name in variable_names(group)}
    return sorted(name for name in environ if name.startswith(PREFIX) and name not in known)
