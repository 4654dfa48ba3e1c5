#!/bin/sh
# Rerun the benchmark on realistic regions and write benchmarks/REGIONS.md. Each block of that
# file is the output of the command it names.
# Usage: benchmarks/regions.sh [CASES:SIZE ...]
#   default: all:10000 all:50000 (every case at 10,000, then every case at 50,000); for example
#   `benchmarks/regions.sh all:10000 demo,one-person-posts:50000` for a shorter run.
set -e
cd "$(dirname "$0")/.."
specs="${*:-all:10000 all:50000}"
out=benchmarks/REGIONS.md
{
  echo "# Planner benchmark on realistic regions"
  echo
  echo "Written by \`benchmarks/regions.sh $specs\`: every block below is the output of the"
  echo "command it names (\`--format markdown\`). Columns: see \`mutasi.planner.bench\`; the targets"
  echo "are judged on wall and on CPU seconds (the machine is shared: compare methods by ratios"
  echo "within one run, and by CPU seconds)."
  echo
  for spec in $specs; do
    cases="${spec%%:*}"
    size="${spec#*:}"
    .venv/bin/mutasi bench --case "$cases" --sizes "$size" --time-limit 3000 --format markdown
    echo
  done
} > "$out.tmp"
mv "$out.tmp" "$out"
