import subprocess
import sys


def test_the_planner_imports_without_django():
    code = (
        "import sys, mutasi.planner, mutasi.people.codes; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
