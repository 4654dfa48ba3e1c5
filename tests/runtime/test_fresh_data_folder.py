"""Every command works on a new or missing data folder: it creates the folder, brings the database
up to date, and says on its first line (stderr) where the data is. Run as a user would: the
installed ``mutasi`` script in a subprocess."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import MUTASI, command_env, query, run_mutasi

pytestmark = pytest.mark.slow


def first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


@pytest.mark.parametrize(
    "args",
    [["needs", "--format", "csv"], ["check"], ["migrate"], ["plan", "--format", "csv"]],
    ids=["needs", "check", "migrate", "plan"],
)
def test_a_command_on_a_folder_that_does_not_exist_creates_and_migrates_it(tmp_path, args):
    data = tmp_path / "not" / "yet" / "here"
    result = run_mutasi(data, *args)
    assert "Traceback" not in result.stderr, result.stderr
    assert "OperationalError" not in result.stderr
    assert first_line(result.stderr) == (
        f"Data Mutasi: {data} (basis data: SQLite {data / 'mutasi.sqlite3'})"
    )
    assert (data / "mutasi.sqlite3").exists()
    # The schema is complete: the plans table has the newest column.
    columns = {row[1] for row in query(data, "PRAGMA table_info(plans_plan)")}
    assert "heartbeat_at" in columns
    applied = query(data, "SELECT count(*) FROM django_migrations")[0][0]
    assert applied > 40
    if args[0] != "migrate":  # `mutasi migrate` is Django's own, which logs nothing at INFO
        # What happened is in the log file in the data folder.
        assert "applied" in (data / "logs" / "mutasi.log").read_text()


def test_csv_output_stays_clean_while_stderr_says_where_the_data_is(tmp_path):
    result = run_mutasi(tmp_path / "fresh", "needs", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("kode_jabatan,")
    assert "Data Mutasi" not in result.stdout
    assert "Menyiapkan basis data" in result.stderr


def test_import_into_a_folder_that_does_not_exist_works(tmp_path):
    source = tmp_path / "source"
    built = run_mutasi(source, "demo", "--size", "100", "--no-serve")
    assert built.returncode == 0, built.stderr
    workbook = tmp_path / "data.xlsx"
    exported = run_mutasi(source, "export", str(workbook))
    assert exported.returncode == 0, exported.stderr

    target = tmp_path / "office" / "data"
    imported = run_mutasi(target, "import", str(workbook))
    assert imported.returncode == 0, imported.stderr + imported.stdout
    assert first_line(imported.stderr).startswith(f"Data Mutasi: {target} ")
    assert query(target, "SELECT count(*) FROM people_employee")[0][0] == 100


def test_the_default_data_folder_does_not_depend_on_the_current_directory(tmp_path):
    home = tmp_path / "home"
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    lines = set()
    for cwd in (one, two):
        result = run_mutasi(None, "migrate", cwd=cwd, HOME=str(home))
        # No MUTASI_DATA_DIR: the per-user folder under XDG_DATA_HOME or ~/.local/share.
        lines.add(first_line(result.stderr))
    assert len(lines) == 1
    assert lines.pop().startswith(f"Data Mutasi: {home / '.local' / 'share' / 'mutasi'} ")
    assert not (one / "mutasi-data").exists() and not (two / "mutasi-data").exists()


def test_commands_started_together_on_a_new_folder_all_work(tmp_path):
    """Three commands started at the same moment on a folder that does not exist yet: one brings
    the schema up to date while the others wait for it (they all failed with "table ... already
    exists" when each migrated at once)."""
    data = tmp_path / "new"
    command = [MUTASI, "needs", "--format", "csv"]
    started = [
        subprocess.Popen(
            command,
            env=command_env(data),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(p.wait(timeout=300), *p.communicate()) for p in started]
    for code, out, err in results:
        assert code == 0, err
        assert out.splitlines()[0].startswith("kode_jabatan,")
        assert "already exists" not in err and "Traceback" not in err
    assert sum("Menyiapkan basis data" in err for _code, _out, err in results) == 1
