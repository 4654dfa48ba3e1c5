#!/bin/sh
# Compare `optimal` at two commits on one machine, in turns (before, after, before, after, ...),
# so that both see the same load; print every run and the median seconds of each.
# Usage: benchmarks/compare.sh BEFORE AFTER CASES SIZE [REPEATS]
#   e.g. benchmarks/compare.sh ac2ee1a HEAD one-person-posts,tight-caps 50000 3
# Each commit is checked out in a temporary worktree and run by this checkout's .venv (the
# commit's own src/ first on PYTHONPATH), `mutasi bench --mechanisms optimal --time-limit 3000`.
set -e
cd "$(dirname "$0")/.."
before="$1"; after="$2"; cases="$3"; size="$4"; repeats="${5:-3}"
[ -n "$size" ] || { echo "usage: $0 BEFORE AFTER CASES SIZE [REPEATS]" >&2; exit 2; }
root=$(mktemp -d)
trap 'git worktree remove --force "$root/before" 2>/dev/null; git worktree remove --force "$root/after" 2>/dev/null; rm -rf "$root"' EXIT
git worktree add -q --detach "$root/before" "$before"
git worktree add -q --detach "$root/after" "$after"
venv="$(pwd)/.venv"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'): benchmarks/compare.sh $*"
echo "# before = $(git rev-parse --short "$before"), after = $(git rev-parse --short "$after")"
i=1
while [ "$i" -le "$repeats" ]; do
  for side in before after; do
    (cd "$root/$side" && PYTHONPATH="$root/$side/src" "$venv/bin/mutasi" bench --case "$cases" \
      --sizes "$size" --mechanisms optimal --time-limit 3000 --format csv) |
      awk -v side="$side" -F, 'NR == 1 { for (k = 1; k <= NF; k++) col[$k] = k; next }
        /^[a-z]/ { print side, $col["case"], $col["seconds"], $col["cpu_seconds"],
                   $col["peak_mb"], $col["gap_percent"], $col["violations"] }'
  done
  i=$((i + 1))
done | tee "$root/runs"
echo "# side case seconds cpu_seconds peak_mb gap_percent violations (above); medians of seconds:"
sort -k1,1 -k2,2 -k3,3n "$root/runs" | awk '
  { key = $1 " " $2; n[key]++; v[key, n[key]] = $3 }
  END { for (key in n) { m = n[key]; mid = int((m + 1) / 2);
        med = (m % 2) ? v[key, mid] : (v[key, mid] + v[key, mid + 1]) / 2;
        print key, med } }' | sort -k2,2 -k1,1r
