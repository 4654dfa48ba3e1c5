"""A move's reason in the page's language, from the message keys the planner stored with it.

The planner writes reasons as ``ReasonPart(key, params)`` (``mutasi.planner.reasons``) and an
Indonesian rendering. Here the same parts go through gettext: the msgids are the planner's own
Indonesian sentences (``reasons.TEXT``), translated in the project's catalogue, and numbers are
formatted for the active language (9,6 in Indonesian, 9.6 in English). A move without parts (an
older plan, a manual edit) shows its stored text. The rule messages of ``check`` (violations, why
a person may not take a post) are rendered the same way by ``message_text``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from mutasi.core.numbers import number
from mutasi.planner.messages import TEXT as MESSAGE_TEXT
from mutasi.planner.messages import Message
from mutasi.planner.messages import render as render_message
from mutasi.planner.reasons import TEXT, ReasonPart, render

PARTS_KEY = "reason_parts"  # where a Move keeps its parts, in its ``terms`` JSON
PIN_MESSAGES_KEY = "reason_messages"  # a stay row's pin refusals (``planner.messages``)


def _number(value: Any, kind: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if kind == "years":
        return number(value, 1)
    if kind == "percent":
        return f"{number(value * 100)}%"
    if kind == "max":
        return number(value, 0 if float(value).is_integer() else 1)
    if kind == "int":
        return number(value, grouping=True)
    return str(value)


def parts_of(terms: Any) -> list[ReasonPart]:
    raw = terms.get(PARTS_KEY) if isinstance(terms, dict) else None
    parts = [ReasonPart.from_json(item) for item in raw or []]
    return [part for part in parts if part is not None and part.key in TEXT]


def render_parts(parts: list[ReasonPart]) -> str:
    translated = {key: gettext(text) for key, text in TEXT.items()}
    return render(parts, translated, _number)


def move_reason(move: Any, *, skip: tuple[str, ...] = ()) -> str:
    """The reason of ``move`` in the active language (without the parts whose keys are in
    ``skip``, for a page that says those things its own way)."""
    terms = getattr(move, "terms", None)
    parts = parts_of(terms)
    pin_messages = terms.get(PIN_MESSAGES_KEY) if isinstance(terms, dict) else None
    if not parts and not pin_messages:
        return str(getattr(move, "reason", ""))
    sentences = [render_parts([part for part in parts if part.key not in skip])]
    sentences += [message_text(m) for m in pin_messages or []]
    return " ".join(s for s in sentences if s)


def message_text(raw: Any) -> str:
    """A planner rule message (``mutasi.planner.messages``) in the active language: a ``Message``
    or its stored form ``{"text", "key", "params"}`` goes through the catalogue; plain text (a
    plan stored before messages had keys, or text written here) is shown as it is."""
    if isinstance(raw, Message):
        key, params = raw.key, raw.params
    elif isinstance(raw, dict) and raw.get("key") in MESSAGE_TEXT:
        key, params = raw["key"], raw.get("params") or {}
    elif isinstance(raw, dict):
        return str(raw.get("text", ""))
    else:
        return str(raw)
    return render_message(key, params, lambda k: gettext(MESSAGE_TEXT[k]), _number)


def stored_message(message: str) -> Any:
    """What ``Plan.metrics`` keeps of a rule message: its key and parameters when it has them."""
    return message.to_json() if isinstance(message, Message) else str(message)
