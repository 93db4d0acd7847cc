#!/usr/bin/env bash
# Tour, stop 2: select-echo serves many clients with one thread — as long as
# every request is short.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/tour-lib.sh"

# Read the server's log (fd 7) until a line containing $1; keep what was read.
log_until() {
	local line
	while read -r line <&7; do
		echo "$line" >>"$work/log"
		[[ $line == *"$1"* ]] && return 0
	done
	return 1
}

say "Start select-echo on a free loopback port. With --slow-requests, a line" \
    "\"sleep N\" is a request that takes N seconds (keep that for the end)."
echo "\$ select-echo --listen 127.0.0.1:0 --slow-requests"
mkfifo "$work/server-out" "$work/server-log"
"$bin/select-echo" --listen 127.0.0.1:0 --slow-requests >"$work/server-out" 2>"$work/server-log" &
server=$!
exec 5<"$work/server-out" 7<"$work/server-log"
read -r line <&5
echo "$line"
address=${line#listening on }

say "The first client connects, talks, and stays connected. In chapter 1 that" \
    "kept every other client waiting."
mkfifo "$work/first-in" "$work/first-out"
"$bin/echo-client" --connect "$address" <"$work/first-in" >"$work/first-out" 7<&- &
first=$!
exec 3>"$work/first-in" 4<"$work/first-out"
echo "hello from the first client" >&3
read -r reply <&4
echo "first client got: $reply"

say "Three more clients connect at the same time, two lines each:"
pids=()
for i in 2 3 4; do
	"$bin/echo-client" --connect "$address" "client $i says hello" "client $i says bye" \
		>"$work/client-$i" 3>&- 4<&- 7<&- &
	pids+=($!)
done
wait "${pids[@]}"
for i in 2 3 4; do
	sed "s/^/client $i got: /" "$work/client-$i"
done
echo "hi again" >&3
read -r reply <&4
echo "first client got: $reply   (it was connected all along)"
echo "-> one thread served four clients at once: the selector said which was ready."

say "The limit. The first client sends a slow request, \"sleep 2\"..."
echo "sleep 2" >&3
log_until "slow request"
echo "...and while the server sleeps in it, a new client sends one short line:"
start=$EPOCHREALTIME
"$bin/echo-client" --connect "$address" "just a quick one" 3>&- 4<&- 7<&- | sed 's/^/quick client got: /'
end=$EPOCHREALTIME
read -r reply <&4
echo "first client got: $reply"
awk -v s="$start" -v e="$end" 'BEGIN { printf "-> the quick client waited %.1f s for its echo: the only thread was busy.\n", e - s }'
echo "   One slow request stalls everyone; chapter 5 gives each client a thread of its own."

exec 3>&-
wait "$first"

say "SIGTERM stops the server cleanly (exit status 0). What it logged on stderr:"
end_server
cat <&7 >>"$work/log"
sed 's/^/  | /' "$work/log"
echo "exit status: $status"
