#!/bin/sh
# Claude Code's statusLine command (installed by `claude-otel-tui setup --write --statusline`).
# The running claude-otel-tui (ui or serve) answers it over loopback in a few milliseconds; when
# none runs, or anything goes wrong, the bundled Node entry beside this file does the same work
# (Node alone takes ~45 ms to start). Its output and exit code are always the Node entry's or the
# receiver's line, never both. Only an answer marked as claude-otel-tui's is printed, and only as
# plain text with our colours.
#
# Usage: statusline.sh NODE [--url URL] [--db PATH] [--budget-daily USD] [--budget-session USD] [--wrap CMD]
node=$1
shift
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
url=http://127.0.0.1:4318
db=${CLAUDE_OTEL_TUI_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/claude-otel-tui/telemetry.db}
daily=
session=
wrap=
previous=
for arg in "$@"; do
  case $previous in
    --url) url=$arg ;;
    --db) db=$arg ;;
    --budget-daily) daily=$arg ;;
    --budget-session) session=$arg ;;
    --wrap) wrap=1 ;;
  esac
  case $arg in
    --url=*) url=${arg#--url=} ;;
    --db=*) db=${arg#--db=} ;;
    --budget-daily=*) daily=${arg#--budget-daily=} ;;
    --budget-session=*) session=${arg#--budget-session=} ;;
    --wrap=*) wrap=1 ;;
  esac
  previous=$arg
done
input=$(cat)
nl='
'
# A wrapped command runs in the Node entry, which runs it beside its own work with a time limit.
if [ -z "$wrap" ] && command -v curl >/dev/null 2>&1; then
  # -w appends the answer's media type on a line of its own: only our receiver's mark is printed.
  if answer=$(printf '%s' "$input" | curl -sf --connect-timeout 0.2 -m 0.5 --data-binary @- \
    -w "$nl%{content_type}" \
    -H 'content-type: application/json' \
    -H "x-claude-otel-tui-db: $db" \
    -H "x-claude-otel-tui-budget-daily: $daily" \
    -H "x-claude-otel-tui-budget-session: $session" \
    -H "x-claude-otel-tui-no-color: ${NO_COLOR:-}" \
    -H "authorization: Bearer ${CLAUDE_OTEL_TUI_TOKEN:-}" \
    "$url/statusline" 2>/dev/null); then
    case ${answer##*"$nl"} in
      text/vnd.claude-otel-tui.statusline*)
        line=${answer%"$nl"*}
        line=${line%"$nl"}
        # Ours holds figures and our colours only; whatever else came is dropped all the same (one
        # awk, no subshells: this path is the fast one): C0 controls and DEL, the C1 controls
        # (UTF-8 \302\200-\302\237), and every ESC but the one starting a colour, ESC[…m.
        printf '%s\n' "$line" | LC_ALL=C awk '
          function plain(s) { gsub(/[\001-\037\177]/, "", s); gsub(/\302[\200-\237]/, "", s); return s }
          { n = split($0, part, "\033"); out = plain(part[1])
            for (i = 2; i <= n; i++) out = out (part[i] ~ /^\[[0-9;]*m/ ? "\033" : "") plain(part[i])
            print out }'
        exit 0
        ;;
    esac
  fi
fi
printf '%s' "$input" | exec "$node" "$here/statusline.cjs" "$@"
