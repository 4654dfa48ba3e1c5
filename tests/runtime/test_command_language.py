"""The commands speak Indonesian, and English with ``MUTASI_LANGUAGE=en``: their messages and
help, not only the web pages. Their tables' column names are the workbook's, in either language.
Run as a user would: the installed ``mutasi`` script in a subprocess."""

from __future__ import annotations

import csv

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

from mutasi.cli import LANGUAGE_ENV, PRODUCT_COMMANDS, _activate_language
from tests.people.test_import import base, write_xlsx

from .conftest import run_mutasi

# rqworker is django-rq's own command, installed with MUTASI_TASKS=rq only
OWN_COMMANDS = [name for name, _text in PRODUCT_COMMANDS if name != "rqworker"]


@pytest.mark.parametrize("name", OWN_COMMANDS)
def test_every_command_prints_its_help(name):
    """``mutasi NAME --help`` formats its description and its options (a lazy translation as
    the description made argparse fail with a TypeError)."""
    command = load_command_class(get_commands()[name], name)
    text = command.create_parser("mutasi", name).format_help()
    assert text.startswith(f"usage: mutasi {name}")
    assert "--help" in text


@pytest.mark.parametrize("name", OWN_COMMANDS)
def test_every_command_describes_itself_and_its_options_in_both_languages(name):
    """A command's description and the help of each of its own options (not Django's) go
    through gettext: ``mutasi NAME --help`` reads Indonesian, or English with
    MUTASI_LANGUAGE=en, never a mix."""
    from django.core.management.base import BaseCommand

    django_options = {a.dest for a in BaseCommand().create_parser("mutasi", name)._actions}
    command = load_command_class(get_commands()[name], name)

    def own_help(language):
        with translation.override(language):
            parser = command.create_parser("mutasi", name)
            return {
                action.dest: str(action.help)
                for action in parser._actions
                if action.help and action.dest not in django_options
            }

    indonesian, english = own_help("id"), own_help("en")
    same = [text for dest, text in indonesian.items() if english[dest] == text]
    assert same == []
    if command.help:  # translated once, when the command's module is imported
        with translation.override("en"):
            assert translation.gettext(str(command.help)) != str(command.help)


@pytest.mark.parametrize(
    ("command", "language"),
    [("import", "en"), ("plan", "en"), ("serve", "id"), ("db_worker", "id"), ("rqworker", "id")],
)
def test_serving_commands_keep_the_office_language(monkeypatch, command, language):
    """The server and its workers keep Indonesian with MUTASI_LANGUAGE=en: what a task stores
    (an import's errors) is read later, by users who chose their own language."""
    monkeypatch.setenv(LANGUAGE_ENV, "en")
    try:
        _activate_language(command)
        assert translation.get_language() == language
    finally:
        translation.deactivate()


@pytest.mark.slow
def test_a_command_help_reads_english_when_chosen(tmp_path):
    english = run_mutasi(tmp_path, "import", "--help", MUTASI_LANGUAGE="en")
    assert english.returncode == 0, english.stderr
    assert "Import a workbook (.xlsx, or a folder of .csv files" in english.stdout
    indonesian = run_mutasi(tmp_path, "import", "--help")
    assert "Impor workbook (.xlsx, atau folder berisi file .csv" in indonesian.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ({}, ["Perintah:", "periksa rencana terhadap setiap aturan wajib"], "Commands:"),
        ({"MUTASI_LANGUAGE": "fr"}, ["Perintah:"], "Commands:"),
        (
            {"MUTASI_LANGUAGE": "en"},
            ["Commands:", "check a plan against every hard rule"],
            "Perintah:",
        ),
    ],
    ids=["default", "unknown", "english"],
)
def test_the_command_list_is_indonesian_unless_english_is_chosen(
    tmp_path, language, expected, absent
):
    result = run_mutasi(tmp_path, "--help", **language)
    assert result.returncode == 0, result.stderr
    for text in expected:
        assert text in result.stdout
    assert absent not in result.stdout


@pytest.mark.slow
def test_a_rejected_import_says_so_in_the_chosen_language(tmp_path):
    sheets = base()
    sheets["pegawai"][1]["nip"] = "123"
    bad = write_xlsx(tmp_path / "bad.xlsx", sheets)

    result = run_mutasi(tmp_path / "data", "import", str(bad), "--format", "csv")
    assert result.returncode == 1
    rows = list(csv.reader(result.stdout.splitlines()))
    assert rows[0] == ["jenis", "sheet", "baris", "kolom", "nilai", "keterangan"]
    assert rows[1][:4] == ["kesalahan", "pegawai", "3", "nip"]
    assert "Impor ditolak: 1 kesalahan, tidak ada data yang berubah." in result.stderr

    english = run_mutasi(tmp_path / "data", "import", str(bad), MUTASI_LANGUAGE="en")
    assert english.returncode == 1
    assert "Import rejected: 1 error, nothing was changed." in english.stderr
    assert english.stderr.splitlines()[0].startswith("Mutasi data: ")
    assert english.stdout.splitlines()[0].split()[:3] == ["jenis", "sheet", "baris"]
    assert "NIP must be 18 digits" in english.stdout


@pytest.mark.slow
def test_an_import_reports_its_counts_in_the_chosen_language(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", base())
    result = run_mutasi(tmp_path / "data", "import", str(good), MUTASI_LANGUAGE="en")
    assert result.returncode == 0, result.stderr
    assert f"{good}: imported in " in result.stdout
    check = run_mutasi(tmp_path / "data", "check")
    assert check.returncode == 1
    assert "Belum ada rencana yang dihitung." in check.stderr


@pytest.mark.slow
def test_a_wrong_command_line_is_answered_in_the_chosen_language(tmp_path):
    """argparse's own words (usage, its errors) follow the commands' language, and a command's
    help lists its own options, not Django's developer options."""
    missing = run_mutasi(tmp_path, "import")
    assert missing.returncode == 2
    assert "pemakaian: mutasi import [-h] [--format {table,csv}] [--user USER] file" in (
        missing.stderr
    )
    assert "mutasi import: kesalahan: argumen berikut wajib diisi: file" in missing.stderr
    choice = run_mutasi(tmp_path, "export", "--format", "xml")
    assert "argumen --format: pilihan tidak sah: 'xml' (pilih salah satu dari" in choice.stderr
    number = run_mutasi(tmp_path, "training", "--year", "abc")
    assert "argumen --year: nilai tidak sah: 'abc' (lihat --help)" in number.stderr  # no "int"

    english = run_mutasi(tmp_path, "import", MUTASI_LANGUAGE="en")
    assert english.returncode == 2
    assert "mutasi import: error: the following arguments are required: file" in english.stderr

    help_id = run_mutasi(tmp_path, "import", "--help")
    help_en = run_mutasi(tmp_path, "import", "--help", MUTASI_LANGUAGE="en")
    assert "\nopsi:\n" in help_id.stdout and "tampilkan bantuan ini lalu keluar" in help_id.stdout
    assert "\noptions:\n" in help_en.stdout and "show this help message and exit" in help_en.stdout
    for text in (help_id.stdout, help_en.stdout):
        assert "--user USER" in text
        assert "--pythonpath" not in text and "--skip-checks" not in text


@pytest.mark.slow
def test_a_command_error_reads_as_an_error_not_a_class_name(tmp_path):
    indonesian = run_mutasi(tmp_path, "restore", str(tmp_path / "tidak-ada.zip"))
    assert indonesian.returncode == 1
    assert "Kesalahan: Berkas cadangan" in indonesian.stderr
    assert "CommandError" not in indonesian.stderr
    english = run_mutasi(tmp_path, "bench", "--sizes", "1,x", MUTASI_LANGUAGE="en")
    assert english.returncode == 1
    last = english.stderr.strip().splitlines()[-1]
    assert last == "Error: --sizes must be whole numbers separated by commas, e.g. 10000,50000: 1,x"
    wrong = run_mutasi(tmp_path, "bench", "--case", "demo", "--sizes", "300", "--mechanisms", "foo")
    assert wrong.returncode == 1
    assert "Traceback" not in wrong.stderr
    assert "Kesalahan: Mekanisme tidak dikenal: foo; pilih dari optimal, fair" in wrong.stderr


def test_a_command_error_still_raises_when_called_from_code():
    """Only the command line gets the message and the exit code; ``call_command`` (tests, the
    web's tasks) still gets the exception."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Mekanisme tidak dikenal: foo"):
        call_command("bench", "--case", "demo", "--sizes", "300", "--mechanisms", "foo")
