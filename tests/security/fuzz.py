"""What the fuzz tests send: every parameter name the site reads, and values meant to break it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast, Length

import mutasi
from mutasi.core import bounds

SOURCE = Path(mutasi.__file__).parent
# request.GET.get("q"), request.POST["position"], params.get("urut"), query["q"] ...
READ = re.compile(r"""(?:GET|POST|params|query)(?:\.get\(|\[)\s*["']([A-Za-z_][\w-]*)["']""")
NOT_FIELDS = {"csrfmiddlewaretoken"}


def names_in_source() -> set[str]:
    """Every parameter name a view or selector reads from a request by hand."""
    names: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" not in path.parts:
            names |= set(READ.findall(path.read_text(encoding="utf-8")))
    return names


def names_in_forms() -> set[str]:
    """Every field of every form class the site defines."""
    from django import forms

    for module in ("people.views", "needs.forms", "participation.forms", "plans.forms"):
        __import__(f"mutasi.{module}")
    names: set[str] = set()
    stack = list(forms.BaseForm.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("mutasi."):
            names |= set(getattr(cls, "base_fields", {}))
    return names


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("input", "select", "textarea", "button"):
            name = dict(attrs).get("name")
            if name and name not in NOT_FIELDS:
                self.names.add(name)


def names_in_page(html: str) -> set[str]:
    """Every form field name on a rendered page."""
    parser = _Fields()
    parser.feed(html)
    return parser.names


HUGE = "9" * 40
MILLION = "x" * 1_000_000  # the million-character plan comment
NASTY_VALUES = [
    "",
    "0",
    "-1",
    HUGE,  # OverflowError in SQLite, DataError in PostgreSQL
    str(2**63),
    "nan",
    "²",  # str.isdigit() is true, int() fails
    "٣",
    "%" * 150 + "_" * 40,  # LIKE wildcards
    "a" * (bounds.MAX_GET_VALUE_LENGTH + 1),
    "x" * (bounds.MAX_POST_VALUE_LENGTH - 1),  # past every form's bound, within the net's
    "\x00",
    "//evil.example/x",
    "2027-02-30",
]


# ---- what must never be stored -------------------------------------------------------------

JSON_LIMIT = 60_000  # an audit snapshot or a policy; plan metrics are the planner's own output
SKIPPED_JSON = {("plans", "plan")}


def oversized_rows() -> list[str]:
    """Stored values past their bounds: text longer than its field (TextFields: than the longest
    text a form accepts), integers past MAX_INT, JSON snapshots past ``JSON_LIMIT``."""
    problems = []
    for model in apps.get_models():
        if not model.__module__.startswith("mutasi."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                limit = field.max_length or bounds.MAX_TEXT_LENGTH
                longest = model.objects.aggregate(m=models.Max(Length(field.name)))["m"] or 0
                if longest > limit:
                    problems.append(f"{model._meta.label}.{field.name}: {longest} > {limit}")
            elif isinstance(field, models.JSONField):
                if (model._meta.app_label, model._meta.model_name) in SKIPPED_JSON:
                    continue
                longest = (
                    model.objects.aggregate(
                        m=models.Max(Length(Cast(field.name, models.TextField())))
                    )["m"]
                    or 0
                )
                if longest > JSON_LIMIT:
                    problems.append(f"{model._meta.label}.{field.name}: {longest} > {JSON_LIMIT}")
            elif isinstance(field, models.IntegerField) and not field.primary_key:
                row = model.objects.aggregate(hi=models.Max(field.name), lo=models.Min(field.name))
                for value in (row["hi"], row["lo"]):
                    if value is not None and abs(value) > bounds.MAX_INT:
                        problems.append(f"{model._meta.label}.{field.name}: {value}")
    return problems
