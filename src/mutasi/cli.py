"""The ``mutasi`` command: a thin front over Django management commands.

Before any command runs, the first line on stderr says where the data is (stdout stays clean for
``--format csv``), and the data folder and the database schema are brought up to date, so every
command works on a new or missing ``MUTASI_DATA_DIR``.
"""

from __future__ import annotations

import os
import sys

PRODUCT_COMMANDS = [
    ("demo", "build the demo region (Kabupaten Bukitintan), run the pipeline, then serve"),
    ("serve", "serve the web app on http://127.0.0.1:8000 with its background worker"),
    ("setup", "record the office: region, head of region, BKPSDM head, letterhead"),
    ("template", "write the empty import workbook (with a notes sheet)"),
    ("import", "import a workbook (.xlsx, or a folder of .csv), all or nothing"),
    ("export", "export the data back to the workbook format"),
    ("needs", "needs analysis (ABK): formation, staff, shortage per post / unit / sector"),
    ("plan", "plan the transfers with the default or a cycle's policy"),
    ("check", "check a plan against every hard rule"),
    ("backup", "write the database and the generated documents to one file"),
    ("restore", "replace the database and documents with a backup file's"),
    ("bench", "run the planner benchmark"),
    ("retention", "anonymise or delete personal data past its keeping time"),
    ("forget", "remove one employee's personal data (audited; asks to confirm)"),
    ("rqworker", "run a task worker on Redis (MUTASI_TASKS=rq); any number, any machine"),
    ("training", "training plan of an approved plan (courses, sessions, budget); JP per year"),
    ("ikm", "public satisfaction index (IKM) per unit and period"),
]

# Commands that must not touch the database before they run (they inspect or build migrations,
# or replace the whole database themselves).
NO_AUTO_MIGRATE = {
    "help",
    "version",
    "makemigrations",
    "squashmigrations",
    "showmigrations",
    "sqlmigrate",
    "migrate",
    "makemessages",
    "compilemessages",
    "dbshell",
    "test",
    "restore",
}
# Set by `mutasi serve` for the worker it starts: the server already said where the data is.
CHILD_ENV = "MUTASI_CHILD_PROCESS"


def _print_help() -> None:
    print("usage: mutasi COMMAND [options]   (mutasi COMMAND --help for its options)\n")
    print("Commands:")
    for name, text in PRODUCT_COMMANDS:
        print(f"  {name:<10} {text}")
    print("\nEvery command that prints a table accepts --format csv.")
    print("Data folder: MUTASI_DATA_DIR, by default ~/.local/share/mutasi (printed first).")
    print("Administration (Django): mutasi migrate, mutasi createsuperuser, mutasi help --all")


# Files and folders Mutasi creates (the SQLite file, uploads, exports, decrees, backups) hold
# personal data: readable by the server's own user only (0600 files, 0700 folders).
PRIVATE_UMASK = 0o077


def _prepare(command: str, wants_help: bool) -> None:
    """Say where the data is, then create the folder and migrate (see the module docstring)."""
    import django

    django.setup()
    from mutasi.core import runtime

    if not os.environ.get(CHILD_ENV):
        sys.stderr.write(runtime.location_line() + "\n")
        sys.stderr.flush()
    if wants_help:
        return
    try:
        if command == "migrate":
            runtime.ensure_data_dir()
        elif command not in NO_AUTO_MIGRATE:
            runtime.ensure_database(out=sys.stderr)
            runtime.run_periodic_checks()
    except runtime.RuntimeSetupError as error:
        runtime.fail(str(error))


def main(argv: list[str] | None = None) -> None:
    os.umask(PRIVATE_UMASK)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help") or args == ["help"]:
        _print_help()
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    _prepare(args[0], wants_help="-h" in args or "--help" in args)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mutasi", *args])


if __name__ == "__main__":
    main()
