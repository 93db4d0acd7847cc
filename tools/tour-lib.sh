# tour-lib.sh — what the chapters' tour.sh share. Sourced, not run:
#     . "$(dirname "${BASH_SOURCE[0]}")/../../tools/tour-lib.sh"
# It sets
#     bin      the programs' directory: $SS_BIN, else build/normal/bin
#     tools    the tools' directory: $SS_TOOLS, else tools
#     work     a fresh temporary directory for fifos, logs and sockets
#     server   the pid of the server running now, or empty
#     holders  an array, empty: the pids of clients a stop keeps running
# and at exit kills $server and $holders, if any still run, and removes $work.
# It defines
#     say TEXT...          a heading: a blank line, then "# TEXT" for each TEXT
#     start NAME ARGS...   run ARGS as a server: stdout into the fifo
#                          $work/NAME.out, kept open on fd 8 (it may print more),
#                          stderr into $work/NAME.err; print its "listening on"
#                          line; set $server and $address. SS_TRACE=1 start ...
#                          traces it, the trace in $work/NAME.err.
#     end_server           SIGTERM to $server, wait for it, close fd 8; set
#                          $status to its exit status; empty $server
#     stop                 end_server, then "(stopped by SIGTERM, exit status N)"
#     show_trace FILE      the ss-trace lines in FILE as call trees (tools/trace),
#                          or, without tools/trace, the lines themselves

bin=${SS_BIN:-build/normal/bin}
tools=${SS_TOOLS:-tools}
work=$(mktemp -d)
server=
holders=()

tour_cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null || true
	for pid in "${holders[@]}"; do kill "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap tour_cleanup EXIT

say() { printf '\n'; printf '# %s\n' "$@"; }

start() {
	local name=$1
	shift
	rm -f "$work/$name.out"
	mkfifo "$work/$name.out"
	"$@" >"$work/$name.out" 2>"$work/$name.err" &
	server=$!
	exec 8<"$work/$name.out"
	local line
	read -r line <&8
	echo "$line"
	address=${line#listening on }
}

end_server() {
	kill -TERM "$server"
	status=0
	wait "$server" || status=$?
	server=
	exec 8<&-
}

stop() {
	end_server
	echo "(stopped by SIGTERM, exit status $status)"
}

show_trace() {
	if [ -x "$tools/trace" ]; then
		"$tools/trace" render "$1" | sed 's/^/  | /'
	else
		grep '^ss-trace' "$1" | sed 's/^ss-trace /  | /'
	fi
}
