import subprocess
import sys
from pathlib import Path

import pytest


def test_the_planner_imports_without_django():
    code = (
        "import sys, mutasi.planner, mutasi.people.codes; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_import_contracts_hold():
    """pyproject.toml's import-linter contracts: the planner is pure, and each app imports only
    earlier stages of the pipeline (people → needs → participation → plans → training →
    evaluation, core below them all)."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint)], capture_output=True, text=True, cwd=Path(__file__).parents[2]
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_no_migration_is_missing():
    """Moving a model between apps (Cycle, to participation) left nothing for makemigrations."""
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
