#!/bin/sh
# Rerun the benchmark on realistic regions (every case, 10,000 and 50,000 employees) and write
# benchmarks/REGIONS.md. Each block of that file is the output of the command it names.
# Usage: benchmarks/regions.sh [cases] [sizes]   (defaults: all, 10000 then 50000)
set -e
cd "$(dirname "$0")/.."
cases="${1:-all}"
sizes="${2:-10000 50000}"
out=benchmarks/REGIONS.md
{
  echo "# Planner benchmark on realistic regions"
  echo
  echo "Written by \`benchmarks/regions.sh\`: every block below is the output of the command it"
  echo "names (\`--format markdown\`). Columns: see \`mutasi.planner.bench\`; the targets are"
  echo "judged on wall and on CPU seconds (the machine is shared: compare methods by ratios"
  echo "within one run, and by CPU seconds)."
  echo
  for size in $sizes; do
    .venv/bin/mutasi bench --case "$cases" --sizes "$size" --time-limit 3000 --format markdown
    echo
  done
} > "$out.tmp"
mv "$out.tmp" "$out"
