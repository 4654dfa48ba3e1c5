"""The ``mutasi`` command: a thin front over Django management commands."""

from __future__ import annotations

import os
import sys

PRODUCT_COMMANDS = [
    ("demo", "build the demo region (Kabupaten Bukitintan), run the pipeline, then serve"),
    ("serve", "serve the web app on http://127.0.0.1:8000"),
    ("template", "write the empty import workbook (with a notes sheet)"),
    ("import", "import a workbook (.xlsx, or a folder of .csv), all or nothing"),
    ("export", "export the data back to the workbook format"),
    ("needs", "needs analysis (ABK): formation, staff, shortage per post / unit / sector"),
    ("plan", "plan the transfers with the default or a cycle's policy"),
    ("check", "check a plan against every hard rule"),
    ("bench", "run the planner benchmark"),
]


def _print_help() -> None:
    print("usage: mutasi COMMAND [options]   (mutasi COMMAND --help for its options)\n")
    print("Commands:")
    for name, text in PRODUCT_COMMANDS:
        print(f"  {name:<10} {text}")
    print("\nEvery command that prints a table accepts --format csv.")
    print("Administration (Django): mutasi migrate, mutasi createsuperuser, mutasi help --all")


# Files and folders Mutasi creates (the SQLite file, uploads, exports, decrees, backups) hold
# personal data: readable by the server's own user only (0600 files, 0700 folders).
PRIVATE_UMASK = 0o077


def main(argv: list[str] | None = None) -> None:
    os.umask(PRIVATE_UMASK)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help") or args == ["help"]:
        _print_help()
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mutasi", *args])


if __name__ == "__main__":
    main()
