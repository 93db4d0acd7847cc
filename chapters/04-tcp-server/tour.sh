#!/usr/bin/env bash
# Tour, stop 4: echo-server on TCPServer, UDPServer and the Unix servers; one
# request of TCP and of UDP traced.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/tour-lib.sh"
export TMPDIR=$work # upper-client --kind unix-dgram makes its own socket's directory here

say "TCPServer: the echo over TCP, on a free loopback port, traced (SS_TRACE=1)."
echo "\$ SS_TRACE=1 echo-server --kind tcp --listen 127.0.0.1:0"
SS_TRACE=1 start tcp "$bin/echo-server" --kind tcp --listen 127.0.0.1:0
echo "\$ echo-client --connect $address hello world"
"$bin/echo-client" --connect "$address" hello world
stop

say "What the server called for that one connection, from __init__ through" \
    "serve_forever to handle and back:"
show_trace "$work/tcp.err"

say "One request at a time: a client holds its connection open..."
echo "\$ echo-server --kind tcp --listen 127.0.0.1:0"
start tcp "$bin/echo-server" --kind tcp --listen 127.0.0.1:0
mkfifo "$work/first-in" "$work/first-out" "$work/second-out"
"$bin/echo-client" --connect "$address" <"$work/first-in" >"$work/first-out" &
first=$!
exec 3>"$work/first-in" 4<"$work/first-out"
echo "still here" >&3
read -r reply <&4
echo "first client got: $reply"
echo "...so a second client is accepted by the kernel, but not served:"
"$bin/echo-client" --connect "$address" "me too?" >"$work/second-out" 3>&- 4<&- &
second=$!
exec 5<"$work/second-out"
if read -r -t 1 reply <&5; then
	echo "second client got: $reply   (unexpected!)"
else
	echo "  (no reply: serve_forever is inside the first client's handle())"
fi
exec 3>&-
wait "$first"
read -r reply <&5
echo "the first one left; now the second client got: $reply"
wait "$second"
stop

say "UDPServer: the same echo over datagrams. The request is (packet, socket)."
echo "\$ SS_TRACE=1 echo-server --kind udp --listen 127.0.0.1:0"
SS_TRACE=1 start udp "$bin/echo-server" --kind udp --listen 127.0.0.1:0
echo "\$ upper-client --kind udp --connect $address ping"
"$bin/upper-client" --kind udp --connect "$address" ping
stop
say "Its calls: get_request is recvfrom; shutdown_request closes nothing."
show_trace "$work/udp.err"

say "UnixStreamServer and UnixDatagramServer: TCPServer and UDPServer with a path" \
    "for an address. The sockets go in a temporary directory the tour made:" "$work"
echo "\$ echo-server --kind unix-stream --listen $work/echo.sock"
start unix-stream "$bin/echo-server" --kind unix-stream --listen "$work/echo.sock"
echo "\$ echo-client --connect $work/echo.sock hello"
"$bin/echo-client" --connect "$work/echo.sock" hello
stop
echo "\$ ls -l $work/echo.sock    # the socket file stays, as in Python: unlink it yourself"
ls -l "$work/echo.sock" | sed 's/^/  /'
rm -f "$work/echo.sock"
echo "\$ echo-server --kind unix-dgram --listen $work/echo-dgram.sock"
start unix-dgram "$bin/echo-server" --kind unix-dgram --listen "$work/echo-dgram.sock"
echo "\$ upper-client --kind unix-dgram --connect $work/echo-dgram.sock ping"
"$bin/upper-client" --kind unix-dgram --connect "$work/echo-dgram.sock" ping
echo "  (a datagram client binds a temporary path of its own, or the answer"
echo "   could not find it; upper-client removes it when it is done)"
stop

say "The seeds' example: upper-server, the upper-case echo, over each kind."
for kind in tcp udp unix-stream unix-dgram; do
	where=127.0.0.1:0
	[[ $kind == unix-* ]] && where=$work/upper-$kind.sock
	echo "\$ upper-server --kind $kind --listen $where"
	start upper "$bin/upper-server" --kind "$kind" --listen "$where"
	echo "\$ upper-client --kind $kind --connect $address client1111 client2222"
	"$bin/upper-client" --kind "$kind" --connect "$address" client1111 client2222
	stop
done
