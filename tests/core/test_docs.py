"""The documentation ships with the code and stays in step with it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def test_nothing_points_outside_the_repository():
    needle = "/".join(("shared", ""))  # spelled out so that this file does not match itself
    offenders = []
    for path in _tracked_files():
        if path.suffix in {".mo", ".png", ".docx", ".xlsx", ".woff2", ".ico"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if needle in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_readme_and_docs_link_only_to_files_that_exist():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8")):
            if target.startswith("http"):
                continue
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_every_mutasi_setting_in_the_code_is_documented():
    used = set()
    for path in (ROOT / "src" / "mutasi").rglob("*.py"):
        used |= set(re.findall(r"MUTASI_[A-Z_]+", path.read_text(encoding="utf-8")))
    documented = set(re.findall(r"MUTASI_[A-Z_]+", (ROOT / "docs" / "operations.md").read_text()))
    assert used - documented == set()


def test_every_workbook_sheet_and_column_is_documented(db):
    from mutasi.people import registry

    text = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")
    for plugin in registry.plugins():
        assert f"`{plugin.sheet.name}`" in text
        for column in plugin.sheet.columns:
            assert f"`{column.name}`" in text, (plugin.sheet.name, column.name)
