#!/usr/bin/env bash
# Tour, stop 1: iterative-echo serves one client at a time.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/tour-lib.sh"

say "Start the server on a free loopback port (port 0: the kernel picks one)."
echo "\$ iterative-echo --listen 127.0.0.1:0"
start server "$bin/iterative-echo" --listen 127.0.0.1:0

say "The first client connects and talks; it stays connected."
echo "\$ echo-client --connect $address      # then it sends each line typed on stdin"
mkfifo "$work/first-in" "$work/first-out"
"$bin/echo-client" --connect "$address" <"$work/first-in" >"$work/first-out" &
first=$!
exec 3>"$work/first-in" 4<"$work/first-out"
echo "hello from the first client" >&3
read -r reply <&4
echo "first client got: $reply"

say "A second client connects and sends a line..."
echo "\$ echo-client --connect $address 'hello from the second client'"
mkfifo "$work/second-out"
# (3>&- 4<&-: the second client must not hold the first one's pipes open)
"$bin/echo-client" --connect "$address" "hello from the second client" >"$work/second-out" 3>&- 4<&- &
second=$!
exec 6<"$work/second-out"
if read -r -t 1 reply <&6; then
	echo "second client got: $reply   (unexpected!)"
else
	echo "...and gets no reply: the server is inside the first client's conversation loop."
fi

say "The first client leaves. Now the second is accepted and answered:"
exec 3>&-
wait "$first"
read -r reply <&6
echo "second client got: $reply"
wait "$second"

say "SIGTERM stops the server cleanly (exit status 0). What it logged on stderr:"
end_server
sed 's/^/  | /' "$work/server.err"
echo "exit status: $status"
