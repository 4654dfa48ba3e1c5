"""The largest input Mutasi accepts, in one place.

Forms bound their own fields (``max_length``, ``min_value``/``max_value``) with these numbers; the
middleware below is the safety net for parameters a view reads without a form: a request carrying a
value longer than any field accepts is refused with HTTP 400 and a page naming the parameter, before
a view (or the database) sees it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# A search box: NIPs are 18 digits, names and unit names under 100 characters. SQLite refuses a
# LIKE pattern longer than 50,000 bytes ("LIKE or GLOB pattern too complex").
MAX_QUERY_LENGTH = 100
# A short free text: a note on a pin or an edit, a comment on a plan or a move.
MAX_NOTE_LENGTH = 500
MAX_COMMENT_LENGTH = 2000
# A long free text (aspirations, consultation notes): a few pages.
MAX_TEXT_LENGTH = 5000
# Whole numbers that a user types (a formation, a rank, a version, an id): PostgreSQL's `integer`
# (and Django's IntegerField) holds up to 2**31 - 1; SQLite overflows past 2**63 - 1.
MAX_INT = 2**31 - 1
# The safety net: any GET parameter longer than this, or any POSTed value longer than the longest
# text field, is refused before the view runs.
MAX_GET_VALUE_LENGTH = 200
MAX_POST_VALUE_LENGTH = MAX_TEXT_LENGTH + 100


def oversized_parameter(request: HttpRequest) -> str | None:
    """The name of the first parameter longer than the bounds above, or None."""
    for name, values in request.GET.lists():
        if len(name) > MAX_GET_VALUE_LENGTH or any(len(v) > MAX_GET_VALUE_LENGTH for v in values):
            return name[:40]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for name, values in request.POST.lists():
            if len(name) > MAX_GET_VALUE_LENGTH or any(
                len(v) > MAX_POST_VALUE_LENGTH for v in values
            ):
                return name[:40]
    return None


def parameter_with_nul(request: HttpRequest) -> str | None:
    """The name of the first parameter holding a NUL character, or None. No text a person types
    holds one, and PostgreSQL refuses it in any text column or query."""
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    for source in sources:
        for name, values in source.lists():
            if "\x00" in name or any("\x00" in v for v in values):
                return name.replace("\x00", "")[:40]
    return None


class InputBoundsMiddleware:
    """Refuses a request with an over-long parameter (HTTP 400, naming it) before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):  # the API validates its own input (serializers)
            return self.get_response(request)
        name = oversized_parameter(request)
        if name is not None:
            message = _("Isian “%(name)s” terlalu panjang. Persingkat isiannya lalu coba lagi.")
            return render(request, "400.html", {"message": message % {"name": name}}, status=400)
        name = parameter_with_nul(request)
        if name is not None:
            message = _("Isian “%(name)s” memuat karakter yang tidak sah (NUL). Periksa isiannya.")
            return render(request, "400.html", {"message": message % {"name": name}}, status=400)
        return self.get_response(request)


def parse_whole(text: str | None) -> int | None:
    """A whole number 0..MAX_INT typed in a form (ASCII digits only), or None."""
    if not text or len(text) > 10 or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if value <= MAX_INT else None


def parse_id(text: str | None) -> int | None:
    """A database id typed in a URL or a form, or None when it is not one (ASCII digits only:
    ``"²".isdigit()`` is true but ``int("²")`` fails; past ``MAX_INT`` SQLite overflows)."""
    if not text or len(text) > 10 or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if 0 < value <= MAX_INT else None
