#!/usr/bin/env bash
# Runs the whole suite with the wall clock moved, to prove no test depends on today's date.
# libfaketime (Debian package `faketime`) shifts the clock of every process the suite starts — the
# CLI, `serve`, tmux's TUI, the real Claude Code — not only the test runner's Date.now. The monotonic
# clock is left alone so timeouts and timers behave.
#   scripts/test-shifted-clock.sh            # +40 days, +400 days, and a run that crosses midnight
#   scripts/test-shifted-clock.sh +90d       # one shift of your choosing (faketime's syntax)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null 2>&1 || { echo "faketime is missing: apt-get install faketime" >&2; exit 2; }
npm run build >/dev/null
shifts=("$@")
[ ${#shifts[@]} -eq 0 ] && shifts=(+40d +400d "@$(date -u -d 'tomorrow' +%Y-%m-%d) 23:59:20")
for shift in "${shifts[@]}"; do
  echo "== clock at ${shift} =="
  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "${shift}" npx vitest run
done
