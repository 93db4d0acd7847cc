#!/usr/bin/env bash
# Tour, stop 6: handle() gets two files. upper-lines on StreamRequestHandler
# and DatagramRequestHandler, the 10086 menu on readline/write, and hostile
# clients meeting a line cap and a timeout while a polite one is served.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/tour-lib.sh"

say "upper-lines: for each line, write(upper(line)) — on StreamRequestHandler."
echo "\$ SS_TRACE=1 upper-lines --kind tcp --listen 127.0.0.1:0"
SS_TRACE=1 start tcp "$bin/upper-lines" --kind tcp --listen 127.0.0.1:0
echo "\$ echo-client --connect $address client1111 'Mixed Case 42'"
"$bin/echo-client" --connect "$address" client1111 'Mixed Case 42'
stop
say "Its calls: setup makes rfile and wfile, handle reads lines, finish closes them."
show_trace "$work/tcp.err"

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
