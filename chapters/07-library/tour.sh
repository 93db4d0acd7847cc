#!/usr/bin/env bash
# Tour, the last stop (chapter 7): the same request through Python's ThreadingTCPServer and
# ours, traced, and the two call trees side by side.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/tour-lib.sh"

if ! python3 -c 'import socketserver' 2>/dev/null; then
	echo "(no python3 here: the side-by-side needs one; skipping this stop)"
	exit 0
fi
say "One client, one request, through CPython's own ThreadingTCPServer (traced by" \
    "tools/sstools/pytrace.py) and through ours (SS_TRACE=1)."
echo "\$ SS_TRACE=1 scenario threading 2>c.trace"
SS_TRACE=1 "$bin/scenario" threading 2>"$work/c.trace"
echo "\$ chapters/07-library/scenarios.py threading 2>py.trace"
chapters/07-library/scenarios.py threading 2>"$work/py.trace"
echo "\$ tools/trace compare --differences chapters/07-library/differences.txt --scenario threading c.trace py.trace"
tools/trace compare --differences chapters/07-library/differences.txt --scenario threading \
	"$work/c.trace" "$work/py.trace" | sed 's/^/  | /'
say "Every call Python makes, ours makes, in the same order and nesting, thread by" \
    "thread; the '~' lines are what C adds, each explained in differences.txt."
