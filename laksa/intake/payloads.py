"""Reading a provider's JSON payload, shared by the chat doors: a field of the wrong type is the
sender's error, answered 400 in the door's own words, never a Python repr stored as a citizen's
text."""

from __future__ import annotations

from typing import Any


def words(holder: dict[str, Any], key: str, where: str, malformed: type[ValueError]) -> str:
    """The text at `holder[key]`: "" when absent or null; `malformed` (the door's own error) when
    not a string (stored, another type would become its repr, and that a report's description)."""
    value = holder.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise malformed(f"`{where}.{key}` must be a string")
    return value
