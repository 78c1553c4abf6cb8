#!/usr/bin/env bash
# Runs the whole suite with the wall clock moved, to prove no test depends on today's date.
# libfaketime (Debian package `faketime`) shifts the clock of every process the suite starts — the
# CLI, `serve`, tmux's TUI, the real Claude Code — not only the test runner's Date.now. The monotonic
# clock is left alone so timeouts and timers behave. The library is preloaded with an offset from the
# real clock (an absolute start becomes one), so every process, started whenever, has the same clock
# without the shared one: the native Claude Code 2.1.332 binary cannot open libfaketime's shared
# semaphore ("sem_open failed … File exists") and the e2e helper drops FAKETIME_SHARED for it.
#   scripts/test-shifted-clock.sh            # +40 days, +400 days, and a run that crosses midnight
#   scripts/test-shifted-clock.sh +90d       # one shift of your choosing (faketime's syntax)
set -euo pipefail
cd "$(dirname "$0")/.."
lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
[ -n "$lib" ] || { echo "libfaketime is missing: apt-get install faketime" >&2; exit 2; }
npm run build >/dev/null
shifts=("$@")
[ ${#shifts[@]} -eq 0 ] && shifts=(+40d +400d "@$(date -u -d 'tomorrow' +%Y-%m-%d) 23:59:20")
for shift in "${shifts[@]}"; do
  echo "== clock at ${shift} =="
  # Without the wrapper's shared clock, an absolute start ("@…") would start each process's clock
  # anew at its own start; an offset from the real clock is the same in every process.
  offset="${shift}"
  [[ "$shift" == @* ]] && offset="+$(($(date -u -d "${shift#@}" +%s) - $(date -u +%s)))"
  LD_PRELOAD="$lib" FAKETIME="${offset}" FAKETIME_DONT_FAKE_MONOTONIC=1 npx vitest run
done
