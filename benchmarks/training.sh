#!/bin/sh
# Rerun the training-plan benchmark (the MILP of stage 4 on the demo region's transfer plan, a
# catalogue of 500 courses and 2,000 sessions, an ample and a tight budget) and write
# benchmarks/TRAINING.md. Each block of that file is the output of the command it names.
# Usage: benchmarks/training.sh [sizes] [mechanism]   (defaults: 10000,50000 and optimal)
set -e
cd "$(dirname "$0")/.."
sizes="${1:-10000,50000}"
mechanism="${2:-optimal}"
out=benchmarks/TRAINING.md
{
  echo "# Training plan (MILP) on the demo region's transfer plan"
  echo
  echo "Written by \`benchmarks/training.sh\`: the block below is the output of the command it"
  echo "names. Columns: see \`mutasi.demo.training_bench\`. \`seconds\`/\`cpu_seconds\` time the"
  echo "training plan alone (\`plan_seconds\` is the transfer plan it starts from); \`closed\` and"
  echo "\`bound\` are weighted competency levels; \`gap_percent\` is the proven relative gap."
  echo "Target: 50,000 employees, 500 courses, 2,000 sessions in at most 20 s with a gap of at"
  echo "most 1%. The machine is shared: compare by CPU seconds when the load average is high."
  echo
  .venv/bin/mutasi bench --case training --sizes "$sizes" --mechanisms "$mechanism" \
    --time-limit 3000 --format markdown
} > "$out.tmp"
mv "$out.tmp" "$out"
