#!/usr/bin/env bash
# Tour, stop 6: handle() gets two files. upper-lines on StreamRequestHandler
# and DatagramRequestHandler, the 10086 menu on readline/write, and hostile
# clients meeting a line cap and a timeout while a polite one is served.
set -euo pipefail
bin=${SS_BIN:-build/normal/bin}
tools=${SS_TOOLS:-tools}
work=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
say() { printf '\n# %s\n' "$*"; }

# start NAME ARGS...: run a server with SS_TRACE=1 (its stderr in
# $work/NAME.err), wait for its "listening on" line; sets $server, $address.
start() {
	local name=$1
	shift
	rm -f "$work/$name.out"
	mkfifo "$work/$name.out"
	SS_TRACE=${TRACE:-0} "$@" >"$work/$name.out" 2>"$work/$name.err" &
	server=$!
	local line
	read -r line <"$work/$name.out"
	echo "$line"
	address=${line#listening on }
}

stop() {
	kill -TERM "$server"
	local status=0
	wait "$server" || status=$?
	server=
	echo "(stopped by SIGTERM, exit status $status)"
}

show_trace() {
	if [ -x "$tools/trace" ]; then
		"$tools/trace" render "$work/$1.err" | sed 's/^/  | /'
	else
		grep '^ss-trace' "$work/$1.err" | sed 's/^ss-trace pid=[0-9]* tid=[0-9]* depth=[0-9]* /  | /'
	fi
}

say "upper-lines: for each line, write(upper(line)) — on StreamRequestHandler."
echo "\$ SS_TRACE=1 upper-lines --kind tcp --listen 127.0.0.1:0"
TRACE=1 start tcp "$bin/upper-lines" --kind tcp --listen 127.0.0.1:0
echo "\$ echo-client --connect $address client1111 'Mixed Case 42'"
"$bin/echo-client" --connect "$address" client1111 'Mixed Case 42'
stop
say "Its calls: setup makes rfile and wfile, handle reads lines, finish closes them."
show_trace tcp

say "The same handle() on DatagramRequestHandler: the packet's lines in, one reply out."
echo "\$ upper-lines --kind udp --listen 127.0.0.1:0"
start udp "$bin/upper-lines" --kind udp --listen 127.0.0.1:0
echo "\$ upper-client --kind udp --connect $address ping 'two\\nlines'"
"$bin/upper-client" --kind udp --connect "$address" ping "$(printf 'two\nlines')"
stop

say "Seed 000's 10086 menu, one line in, one line out (readline and write)."
echo "\$ menu-10086 --listen 127.0.0.1:0"
start menu "$bin/menu-10086" --listen 127.0.0.1:0
echo "\$ echo-client --connect $address hello 1001 0 9 exit"
"$bin/echo-client" --connect "$address" hello 1001 0 9 exit
stop

say "Hostile clients: too long a line, silence, a trickle, a reset — and a polite client each time."
echo "\$ hostile-server --listen 127.0.0.1:0 --timeout 1 --max-line 1024"
start hostile "$bin/hostile-server" --listen 127.0.0.1:0 --timeout 1 --max-line 1024
echo "\$ hostile-clients --connect $address"
"$bin/hostile-clients" --connect "$address"
stop
say "What the server said on stderr (handle_error, once a bad client):"
sed 's/^/  | /' "$work/hostile.err"
