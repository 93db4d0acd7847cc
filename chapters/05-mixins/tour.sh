#!/usr/bin/env bash
# Tour, stop 5: the mix-ins. Two callers served at once, where chapter 4's
# TCPServer made the second one wait; where each handler runs; the calls
# across the thread boundary, traced.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/tour-lib.sh"

# hold NAME PROGRAM ARGS...: a client whose stdin is ours to write (fd 3 for
# the first one, fd 5 for the second) and whose stdout we read (fd 4, fd 6).
hold() {
	local name=$1 in out
	shift
	rm -f "$work/$name-in" "$work/$name-out"
	mkfifo "$work/$name-in" "$work/$name-out"
	"$@" <"$work/$name-in" >"$work/$name-out" &
	holders+=($!)
	if [ "$name" = first ]; then
		exec 3>"$work/$name-in" 4<"$work/$name-out"
	else
		exec 5>"$work/$name-in" 6<"$work/$name-out"
	fi
}

say "The class: a mix-in in front of TCPServer. Its resolution order, built" \
    "from the class tables the way chapter 3's class.c walks them:"
echo "\$ serve --server ThreadingTCPServer --print-mro"
"$bin/serve" --server ThreadingTCPServer --print-mro

say "Seed 000's 10086 voice menu on ThreadingTCPServer. A first caller..."
echo "\$ voice-menu --server ThreadingTCPServer --listen 127.0.0.1:0"
start menu "$bin/voice-menu" --server ThreadingTCPServer --listen 127.0.0.1:0
hold first "$bin/voice-menu-client" --connect "$address" --timeout 10
read -r -t 10 line <&4
echo "first caller hears:  ${line#receive: }"
echo 0 >&3
read -r -t 10 line <&4
echo "first caller says 0, hears: ${line#receive: }"
say "...and stays on the line. In chapter 4 a second caller got no answer now;" \
    "here it is served at once, on a thread of its own:"
echo "\$ voice-menu-client --connect $address --timeout 5 1234 exit"
"$bin/voice-menu-client" --connect "$address" --timeout 5 1234 exit
echo exit >&3
read -r -t 10 line <&4
echo "first caller says exit: $line"
exec 3>&- 4<&-
wait "${holders[0]}"
holders=()
stop

say "The same server written by hand (seed 000's 'simplified socketserver'):" \
    "select, accept, a thread per caller — what ThreadingMixIn does for you."
echo "\$ voice-menu --by-hand --listen 127.0.0.1:0"
start by-hand "$bin/voice-menu" --by-hand --listen 127.0.0.1:0
"$bin/voice-menu-client" --connect "$address" --timeout 5 0 exit | sed -n '1p;3p'
stop

say "Where does handle() run? Seed 001's 'who am I' handler, two clients" \
    "connected at once (on TCPServer: one after the other — it serves one)."
for class in TCPServer ThreadingTCPServer ForkingTCPServer; do
	echo "\$ whoami --server $class --listen 127.0.0.1:0"
	start whoami-$class "$bin/whoami" --server "$class" --listen 127.0.0.1:0
	server_pid=$server
	hold first "$bin/echo-client" --connect "$address" --timeout 10
	echo "who am I?" >&3
	read -r -t 10 one <&4
	if [ "$class" = TCPServer ]; then
		exec 3>&- 4<&-
		wait "${holders[0]}"
		holders=()
	fi
	two=$("$bin/echo-client" --connect "$address" --timeout 10 "who am I?")
	for answer in "$one" "$two"; do
		# the fields that differ: the process, the thread, the threads alive
		echo "$answer" | tr ' ' '\n' | grep -E '^(pid|ppid|thread|main_thread|live_threads)=' |
			tr '\n' ' ' | sed "s/^/  server pid $server_pid: /; s/ \$/\n/"
	done
	if [ "$class" != TCPServer ]; then
		exec 3>&- 4<&-
		wait "${holders[0]}"
		holders=()
	fi
	stop
done

say "Seed 001's chat: ThreadingTCPServer with serve_forever on a thread of its" \
    "own, the terminal reading commands; a line goes to every OTHER member."
echo "\$ chat-server --listen 127.0.0.1:0"
mkfifo "$work/terminal"
exec 7<>"$work/terminal" # the server's terminal: what we write to fd 7
start chat bash -c 'exec "$0" --listen 127.0.0.1:0 <"$1"' "$bin/chat-server" "$work/terminal"
hold first "$bin/chat-client" --connect "$address"
read -r -t 10 line <&4
echo "  a hears: $line"
hold second "$bin/chat-client" --connect "$address"
read -r -t 10 line <&6
echo "  b hears: $line"
read -r -t 10 line <&4
echo "  a hears: $line"
echo "a: hello, anyone here?"
echo "hello, anyone here?" >&3
read -r -t 10 line <&6
echo "  b hears: $line"
echo "b: yes, me"
echo "yes, me" >&5
read -r -t 10 line <&4
echo "  a hears: $line"
echo "(the server's terminal) who"
echo who >&7
until read -r -t 10 line <&8 && [[ $line == *"in the room"* ]]; do :; done
echo "  $line"
echo "(the server's terminal) quit"
echo quit >&7
exec 7>&-
read -r -t 10 line <&4
echo "  a hears: $line"
read -r -t 10 line <&6
echo "  b hears: $line"
exec 3>&- 5>&-
wait "${holders[@]}"
holders=()
exec 4<&- 6<&-
status=0
wait "$server" || status=$?
server=
exec 8<&-
echo "(chat-server: exit status $status)"

say "The calls, traced across the thread boundary: ThreadingTCPServer's" \
    "serve_forever runs on one thread; each handle on another."
echo "\$ SS_TRACE=1 serve --server ThreadingTCPServer --listen 127.0.0.1:0"
SS_TRACE=1 start threading "$bin/serve" --server ThreadingTCPServer --listen 127.0.0.1:0
echo "\$ echo-client --connect $address hello"
"$bin/echo-client" --connect "$address" hello
stop
show_trace "$work/threading.err"
