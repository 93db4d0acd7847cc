#!/usr/bin/env bash
# Tour, stop 3: BaseServer knows nothing about sockets. line-server is a
# BaseServer whose requests are the lines of its standard input.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/tour-lib.sh"

say "line-server does not listen anywhere: its requests are lines on stdin," \
    "its answers go to stdout. No socket in the whole program. Four lines:"
printf '%s\n' "hello, base server" "" "fail" "quit" | tee "$work/input" | sed 's/^/  > /'
echo "\$ printf '%s\\n' 'hello, base server' '' fail quit | line-server"
status=0
"$bin/line-server" <"$work/input" >"$work/answers" 2>"$work/log" || status=$?
echo "answers on stdout:"
sed 's/^/  < /' "$work/answers"
echo "its log on stderr:"
sed 's/^/  | /' "$work/log"
echo "exit status: $status"
echo "-> the empty line was turned away by verify_request; \"fail\" made the handler"
echo "   fail, handle_error reported it, and the server went on; \"quit\" called"
echo "   shutdown() from inside the handler — no deadlock, unlike Python's."

say "Again with SS_TRACE=1: every method call, written as it happens. One line" \
    "each, then the call tree that tools/trace draws from them."
printf '%s\n' "hello" "quit" >"$work/input2"
echo "\$ printf '%s\\n' hello quit | SS_TRACE=1 line-server"
SS_TRACE=1 "$bin/line-server" <"$work/input2" >"$work/answers2" 2>"$work/trace"
echo "the first raw lines:"
head -n 4 "$work/trace" | sed 's/^/  | /'
echo "the calls, as a tree:"
show_trace "$work/trace"
echo "-> serve_forever asks LineServer for its fileno, waits on it, and for each"
echo "   ready pass runs _handle_request_noblock: get_request, verify_request,"
echo "   process_request -> finish_request -> the handler (setup, handle, finish),"
echo "   shutdown_request -> close_request; then service_actions, every pass."
echo "   LineServer defines seven methods (fileno and get_request are all a"
echo "   subclass must define); BaseServer did the rest."

say "The other loop: handle_request with a timeout. The server waits 0.3 s for" \
    "each line; when none comes, handle_timeout runs."
mkfifo "$work/in" "$work/out" "$work/err"
SS_TRACE=1 "$bin/line-server" --handle-request --timeout 0.3 <"$work/in" >"$work/out" 2>"$work/err" &
server=$!
exec 3>"$work/in" 4<"$work/out" 5<"$work/err"
while read -r line <&5; do
	echo "$line" >>"$work/trace3"
	[[ $line == *"no line within"* ]] && break
done
echo "stderr said: $line"
echo "typed late" >&3
read -r answer <&4
echo "then a line came: 'typed late' -> '$answer'"
echo "quit" >&3
read -r answer <&4
echo "and 'quit' -> '$answer'"
exec 3>&-
status=0
wait "$server" || status=$?
server=
cat <&5 >>"$work/trace3"
echo "exit status: $status. The calls:"
show_trace "$work/trace3"

say "SIGINT or SIGTERM stops it too, with status 0 (try Ctrl-C on" \
    "'$bin/line-server' in a terminal). Next stop: a TCPServer is this same" \
    "BaseServer with a socket's fileno and accept() as get_request."
