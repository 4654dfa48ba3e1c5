"""Time the workbook import at province scale (50,000 employees by default).

    .venv/bin/python benchmarks/import_bench.py [--employees 50000] [--repeat 3] [--keep DIR]

Builds a synthetic workbook with every sheet (units, posts, employees, two history rows each,
workload per post, preferences for a fifth of the employees), then, on a fresh database
(a temporary SQLite file, or DATABASE_URL), times: import into the empty database, re-import of
the same file (everything unchanged), export, import of that export (everything unchanged), and
a re-import in which every employee changed. With --demo: builds the demo region instead,
exports it, re-imports the export (unchanged), clears the data and imports it into the empty
database.
Prints each step's median over --repeat runs. Results are recorded in benchmarks/IMPORT.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

SECTORS = ["kesehatan", "pendidikan", "umum", "pekerjaan umum", "keuangan", "kewilayahan"]
KINDS = [("pelaksana", 0.55), ("fungsional", 0.35), ("pengawas", 0.06), ("administrator", 0.03),
         ("jpt", 0.01)]  # fmt: skip
PNS_GOL = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]
EDUCATION = ["SMA", "D3", "S1", "S2"]


def build_workbook(path: Path, employees: int, seed: int = 7, bump: float = 0) -> dict[str, int]:
    """A valid synthetic workbook, written with openpyxl's write-only mode.

    ``bump`` raises every nilai_potensi: the same file with every employee changed.
    """
    import openpyxl

    from mutasi.people.registry import sheets_by_name

    SHEETS_BY_NAME = sheets_by_name()  # noqa: N806 (the registered sheets, read once)

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheets = {name: book.create_sheet(name) for name in SHEETS_BY_NAME}
    for name, ws in sheets.items():
        ws.append(SHEETS_BY_NAME[name].column_names)

    opd_count = 40
    sub_per_opd = max(1, employees // 2500)
    units = []
    for o in range(opd_count):
        code = f"OPD{o:03d}"
        sector = SECTORS[o % len(SECTORS)]
        sheets["unit_kerja"].append([code, f"Perangkat Daerah {o}", None, sector, "Kota"])
        units.append((code, sector))
        for s in range(sub_per_opd):
            sub = f"{code}-{s:03d}"
            sheets["unit_kerja"].append(
                [sub, f"Sub-unit {o}.{s}", code, sector, f"Kecamatan {s % 20}"]
            )
            units.append((sub, sector))

    positions = []
    for p in range(max(10, employees // 10)):
        code = f"J{p:06d}"
        unit, sector = units[p % len(units)]
        kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        low = rng.randrange(0, 6)
        sheets["jabatan"].append([
            code, unit, f"Jabatan {p}", kind, sector, PNS_GOL[low], PNS_GOL[low + 4],
            rng.choice(EDUCATION), "Manajemen;Akuntansi", None,
            "komunikasi:2;analisis:3", rng.randrange(1, 20),
        ])  # fmt: skip
        positions.append(code)
        for t in range(2):
            sheets["beban_kerja"].append(
                [code, f"Tugas {t}", "dokumen", rng.randrange(100, 5000), rng.choice([15, 30, 60])]
            )

    today = datetime.date.today()
    nips: set[str] = set()
    for e in range(employees):
        birth = datetime.date(1966, 1, 1) + datetime.timedelta(days=rng.randrange(0, 12000))
        gender = rng.choice("LP")
        cpns = birth.year + rng.randrange(20, 27)
        prefix = f"{birth:%Y%m%d}{cpns}{rng.randrange(1, 13):02d}{'1' if gender == 'L' else '2'}"
        serial = e % 1000
        while f"{prefix}{serial:03d}" in nips:
            serial = (serial + 1) % 1000
        nip = f"{prefix}{serial:03d}"
        nips.add(nip)
        pppk = rng.random() < 0.15
        start = min(
            today, datetime.date(cpns, 1, 1) + datetime.timedelta(days=rng.randrange(0, 3000))
        )
        sheets["pegawai"].append([
            nip, f"Pegawai {e}", birth, gender, "PPPK" if pppk else "PNS",
            rng.choice(["V", "VII", "IX", "X"]) if pppk else rng.choice(PNS_GOL),
            rng.choice(EDUCATION), "Manajemen", rng.choice(positions), start,
            f"Kecamatan {rng.randrange(20)}", rng.choice(["sangat baik", "baik", "kurang"]),
            round(rng.uniform(40, 95), 1) + bump, "komunikasi:3", "", None,
        ])  # fmt: skip
        for h in range(2):
            begin = datetime.date(cpns, 1, 1) + datetime.timedelta(days=400 * h)
            sheets["riwayat_jabatan"].append([
                nip, rng.choice(positions), None, None, begin,
                min(today, begin + datetime.timedelta(days=399)),
            ])  # fmt: skip
        if e % 5 == 0:
            for rank, post in enumerate(rng.sample(positions, 3), start=1):
                sheets["preferensi"].append([nip, rank, post])
    book.save(path)
    return {"units": len(units), "positions": len(positions), "employees": len(nips)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="folder to keep the workbooks in")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the demo region (mutasi.demo) of --employees people and its export instead",
    )
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("MUTASI_DATA_DIR", str(work / "data"))
    Path(os.environ["MUTASI_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutasi.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from mutasi.people.exporter import export_workbook
    from mutasi.people.services import do_import_workbook

    timings: dict[str, list[tuple[float, float]]] = {}

    def timed(step: str, func, *a, **kw):  # type: ignore[no-untyped-def]
        # Wall time is what a user waits; CPU time of this process shows how much of it was
        # ours on a shared machine (the database server's own CPU time is not included).
        t0, c0 = time.perf_counter(), time.process_time()
        result = func(*a, **kw)
        timings.setdefault(step, []).append((time.perf_counter() - t0, time.process_time() - c0))
        return result

    def unchanged(report) -> bool:  # type: ignore[no-untyped-def]
        return report.ok and all(c.new == c.updated == 0 for c in report.counts.values())

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    if args.demo:
        from mutasi.demo.writer import build_demo, clear_workforce_data

        for _ in range(args.repeat):
            timed("build the demo region (mutasi.demo)", build_demo, args.employees)
            exported = work / f"demo-{args.employees}.xlsx"
            sizes = timed("export", export_workbook, exported)
            same = timed("import of the export, all unchanged", do_import_workbook, exported,
                         acting_user=None)  # fmt: skip
            assert unchanged(same), same.counts
            clear_workforce_data()
            first = timed("import into an empty database", do_import_workbook, exported,
                          acting_user=None)  # fmt: skip
            assert first.ok and first.counts["pegawai"].new == args.employees, first.errors[:5]
        print(f"demo workbook {exported.name}: {sizes}")
    else:
        source = work / f"synthetic-{args.employees}.xlsx"
        started = time.perf_counter()
        sizes = build_workbook(source, args.employees)
        print(f"workbook {source.name}: {sizes}, built in {time.perf_counter() - started:.1f} s")
        variant = work / f"synthetic-{args.employees}-changed.xlsx"
        build_workbook(variant, args.employees, bump=1)
        for _ in range(args.repeat):
            call_command("flush", interactive=False, verbosity=0)
            first = timed("import into an empty database", do_import_workbook, source,
                          acting_user=None)  # fmt: skip
            assert first.ok, first.errors[:5]
            again = timed("re-import, all unchanged", do_import_workbook, source, acting_user=None)
            assert unchanged(again), again.counts
            exported = work / "export.xlsx"
            timed("export", export_workbook, exported)
            back = timed("import of the export, all unchanged", do_import_workbook, exported,
                         acting_user=None)  # fmt: skip
            assert unchanged(back), back.counts
            changed = timed("re-import, every employee changed", do_import_workbook, variant,
                            acting_user=None)  # fmt: skip
            assert changed.counts["pegawai"].updated == sizes["employees"], changed.counts
    print({sheet: c.as_dict() for sheet, c in first.counts.items()})
    for step, values in timings.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        runs = ", ".join(f"{v[0]:.1f}" for v in values)
        print(f"{step:<40} median {wall:6.1f} s wall, {cpu:6.1f} s CPU  (runs: {runs})")


if __name__ == "__main__":
    main()
