"""What the importer's size check costs before a workbook is read (issue: a cell at XFD1048576).

    .venv/bin/python benchmarks/import_scan.py [--employees 50000] [--repeat 3]

Builds the synthetic workbook of ``import_bench.py`` (no database needed), then times, as this
process's CPU seconds, the scan of every known sheet's XML for the rows and columns it reaches
(``importer.scan_xlsx``) and the whole read (scan, then python-calamine). Prints the medians and
the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here), str(here.parent / "src")]
    work = Path(tempfile.mkdtemp(prefix="import-scan-"))
    os.environ.setdefault("MUTASI_DATA_DIR", str(work / "data"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")
    import django

    django.setup()
    from import_bench import build_workbook

    from mutasi.people import importer

    path = work / "bench.xlsx"
    build_workbook(path, args.employees)
    data = path.read_bytes()
    scans, reads = [], []
    for _ in range(args.repeat):
        started = time.process_time()
        importer.scan_xlsx(data)
        scans.append(time.process_time() - started)
        started = time.process_time()
        importer._read_xlsx(data)
        reads.append(time.process_time() - started)
    print(f"{args.employees} employees, {len(data) / 1024 / 1024:.1f} MiB workbook")
    print(f"scan of the sheet XML: median {statistics.median(scans):.2f} s CPU")
    print(f"whole read (scan + calamine): median {statistics.median(reads):.2f} s CPU")
    print("load average:", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
