"""The naming rule of docs/architecture.md for query parameters: URL paths are Indonesian, query
parameters are English identifiers (``?page=``, ``?period=``), like every other identifier."""

from __future__ import annotations

import re
from pathlib import Path

import mutasi

PACKAGE = Path(mutasi.__file__).parent

# Every query parameter the product reads or links to. A new one is added here after checking
# that it is an English word (or a one-letter name, as ``?a=``/``?b=`` of a comparison).
ENGLISH = frozenset(
    {
        "a", "all", "b", "cancel", "chain", "confirm", "download", "edit", "find", "format",
        "next", "page", "period", "q", "sector", "sort", "status", "stays", "suspicious", "unit",
        "view", "year",
    }
)  # fmt: skip

_READ = re.compile(r"""(?:GET|query_params)\.(?:get|getlist)\(\s*["']([A-Za-z_]+)["']""")
_LINKED = re.compile(r"""href="[^"]*?[?&](?:amp;)?([A-Za-z_]+)=""")


def _parameters() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*"):
        if path.suffix == ".py" and "migrations" not in path.parts:
            names = _READ.findall(path.read_text(encoding="utf-8"))
        elif path.suffix == ".html":
            names = _LINKED.findall(path.read_text(encoding="utf-8"))
        else:
            continue
        for name in names:
            found.setdefault(name, set()).add(path.relative_to(PACKAGE).as_posix())
    return found


def test_query_parameters_are_english():
    found = _parameters()
    assert {"page", "edit"} <= found.keys()  # the scan sees the views and the templates
    strays = {name: sorted(paths) for name, paths in found.items() if name not in ENGLISH}
    assert not strays, f"query parameters that are not English identifiers: {strays}"
