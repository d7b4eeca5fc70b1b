"""Reading one group of settings from the environment, and saying plainly which variable is wrong.

Each group (config/groups.py) is a pydantic-settings class: a field `smtp_port` is read from
STORYDESK_SMTP_PORT unless the field names its variable itself (validation_alias). A bad value raises
SettingsError, which lists every wrong variable with what it expects; `storydesk` prints it and stops.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "STORYDESK_"


_SECRET_FIELD = re.compile(r"password|secret|token|key", re.IGNORECASE)


def masked(field: str, value):
    """What a repr or a log may show of a setting: no password, secret, token or key, nor a URL's password."""
    if _SECRET_FIELD.search(field) and value:
        return "********"
    if isinstance(value, str) and field.endswith("_url") and (password := urlsplit(value).password):
        return value.replace(f":{password}@", ":********@", 1)
    return value


class Group(BaseSettings):
    # Unknown STORYDESK_* variables are ignored here; `storydesk doctor` points them out.
    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", frozen=True)

    def __repr_args__(self):
        for field, value in super().__repr_args__():
            yield field, masked(field or "", value)


class SettingsError(Exception):
    """One or more environment variables hold values storydesk can't use."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def variable_name(group: type[Group], field: str) -> str:
    alias = group.model_fields[field].validation_alias
    if alias is None:
        return PREFIX + field.upper()
    choices = getattr(alias, "choices", [alias])
    return str(choices[0])


def variable_names(group: type[Group]) -> list[str]:
    return [variable_name(group, field) for field in group.model_fields]


def load(group: type[Group]) -> Group:
    try:
        return group()
    except ValidationError as error:
        raise SettingsError([_problem(group, detail) for detail in error.errors()]) from None


def _problem(group: type[Group], detail: dict) -> str:
    field = str(detail["loc"][0]) if detail["loc"] else ""
    if field not in group.model_fields:  # an alias: find the field that reads it
        field = next((name for name in group.model_fields if variable_name(group, name) == field), field)
    info = group.model_fields.get(field)
    name = variable_name(group, field) if info else field
    expected = (info.description or "").strip() if info else ""
    return f"{name}={detail.get('input')!r}: {_plain(detail)}" + (f" ({expected})" if expected else "")


def _plain(detail: dict) -> str:
    """pydantic's message, reworded for someone editing an environment file."""
    kind, context = detail["type"], detail.get("ctx") or {}
    if kind.startswith("int_"):
        return "expected a whole number"
    if kind.startswith("float_"):
        return "expected a number"
    if kind.startswith("bool_"):
        return "expected yes or no (1/0, true/false, on/off)"
    if kind == "greater_than":
        return f"expected more than {context.get('gt')}"
    if kind == "greater_than_equal":
        return f"expected at least {context.get('ge')}"
    if kind == "less_than_equal":
        return f"expected at most {context.get('le')}"
    if kind == "literal_error":
        return f"expected one of {context.get('expected')}"
    if kind == "string_pattern_mismatch":
        return "not in the expected form"
    return detail["msg"]
