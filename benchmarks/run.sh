#!/bin/sh
# Rerun the planner benchmark and keep its table next to RESULTS.md.
# Usage: benchmarks/run.sh [extra options of `mutasi bench`]
set -e
cd "$(dirname "$0")/.."
.venv/bin/mutasi bench --case synthetic --milp-time-limit 600 "$@" | tee benchmarks/latest.txt
