"""The ``mutasi`` command: a thin front over Django management commands.

Before any command runs, the first line on stderr says where the data is (stdout stays clean for
``--format csv``), and the data folder and the database schema are brought up to date, so every
command works on a new or missing ``MUTASI_DATA_DIR``.
"""

from __future__ import annotations

import os
import sys


def gettext_noop(text: str) -> str:
    """Marks ``text`` for the catalogue without Django's settings (not configured yet when this
    module loads): translated when printed."""
    return text


# (name, what it does): Indonesian, translated when printed (``_print_help``)
PRODUCT_COMMANDS = [
    (
        "demo",
        gettext_noop(
            "bangun wilayah demo (Kabupaten Bukitintan), jalankan seluruh alur, lalu sajikan"
        ),
    ),
    (
        "serve",
        gettext_noop("sajikan aplikasi web di http://127.0.0.1:8000 beserta pekerja latarnya"),
    ),
    ("setup", gettext_noop("catat instansi: wilayah, kepala daerah, kepala BKPSDM, kop surat")),
    ("template", gettext_noop("tulis workbook impor kosong (dengan sheet catatan)")),
    (
        "import",
        gettext_noop("impor workbook (.xlsx, atau folder .csv), semua atau tidak sama sekali"),
    ),
    ("export", gettext_noop("ekspor data kembali ke format workbook")),
    (
        "needs",
        gettext_noop(
            "analisis kebutuhan (ABK): formasi, pegawai, kekurangan per jabatan/unit/sektor"
        ),
    ),
    (
        "plan",
        gettext_noop("rencanakan mutasi dengan kebijakan bawaan atau kebijakan sebuah siklus"),
    ),
    ("check", gettext_noop("periksa rencana terhadap setiap aturan wajib")),
    ("backup", gettext_noop("tulis basis data dan dokumen yang dihasilkan ke satu berkas")),
    ("restore", gettext_noop("ganti basis data dan dokumen dengan isi berkas cadangan")),
    ("bench", gettext_noop("jalankan tolok ukur perencana")),
    ("retention", gettext_noop("anonimkan atau hapus data pribadi yang melewati masa simpannya")),
    ("forget", gettext_noop("hapus data pribadi seorang pegawai (diaudit; minta konfirmasi)")),
    (
        "rqworker",
        gettext_noop(
            "jalankan pekerja tugas di Redis (MUTASI_TASKS=rq); berapa pun, di mesin mana pun"
        ),
    ),
    (
        "training",
        gettext_noop(
            "rencana pelatihan dari rencana yang disetujui (kursus, sesi, anggaran); JP per tahun"
        ),
    ),
    ("ikm", gettext_noop("indeks kepuasan masyarakat (IKM) per unit dan periode")),
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
# The language of the commands' output: "id" (the default) or "en".
LANGUAGE_ENV = "MUTASI_LANGUAGE"
# Commands that serve users or run their tasks: they keep the office's language whatever
# MUTASI_LANGUAGE says (pages follow each user's choice; what a task stores, e.g. an import's
# errors, is read later by whoever opens it).
SERVING_COMMANDS = {"serve", "db_worker", "rqworker"}


def _activate_language(command: str = "") -> str:
    """Commands speak Indonesian; ``MUTASI_LANGUAGE=en`` switches them to English (another value
    keeps Indonesian), except ``SERVING_COMMANDS``. Returns the language."""
    from django.conf import settings
    from django.utils import translation

    chosen = "" if command in SERVING_COMMANDS else os.environ.get(LANGUAGE_ENV, "")
    supported = {code for code, _name in settings.LANGUAGES}
    language = chosen if chosen in supported else settings.LANGUAGE_CODE
    translation.activate(language)
    return language


def _translate_argparse(language: str) -> None:
    """argparse's own words (usage, headings, its errors: "the following arguments are
    required") in ``language``: argparse looks them up through its module's ``_`` and
    ``ngettext`` (the standard library's gettext in its default domain), here pointed at the
    ``argparse`` catalogue of ``mutasi/locale`` (Indonesian; English is argparse's own)."""
    import argparse
    import gettext
    from pathlib import Path

    catalogue = gettext.translation(
        "argparse", Path(__file__).parent / "locale", languages=[language], fallback=True
    )
    setattr(argparse, "_", catalogue.gettext)  # noqa: B010 (no attribute in argparse's stubs)
    setattr(argparse, "ngettext", catalogue.ngettext)  # noqa: B010


def _print_help() -> None:
    import django

    django.setup()
    _activate_language()
    from django.utils.translation import gettext as _

    print(_("pemakaian: mutasi PERINTAH [opsi]   (mutasi PERINTAH --help untuk opsinya)") + "\n")
    print(_("Perintah:"))
    for name, text in PRODUCT_COMMANDS:
        print(f"  {name:<10} {_(text)}")
    print("\n" + _("Setiap perintah yang mencetak tabel menerima --format csv."))
    print(
        _(
            "Folder data: MUTASI_DATA_DIR, bawaannya ~/.local/share/mutasi (dicetak paling "
            "awal). Bahasa: MUTASI_LANGUAGE=en untuk bahasa Inggris."
        )
    )
    print(_("Administrasi (Django): mutasi migrate, mutasi createsuperuser, mutasi help --all"))


# Files and folders Mutasi creates (the SQLite file, uploads, exports, decrees, backups) hold
# personal data: readable by the server's own user only (0600 files, 0700 folders).
PRIVATE_UMASK = 0o077


def _prepare(command: str, wants_help: bool) -> None:
    """Say where the data is, then create the folder and migrate (see the module docstring)."""
    import django

    django.setup()
    _translate_argparse(_activate_language(command))
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
