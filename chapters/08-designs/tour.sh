#!/usr/bin/env bash
# Tour, stop 8: the designs measured. The pool and the preforked server
# serving the same load as ThreadingTCPServer, a preforked child killed and
# replaced, and one short run of the benchmark's load generator against each.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../tools/tour-lib.sh"

# load MODE: one second of 16 clients, every reply checked.
load() {
	"$bin/loadgen" --connect "$address" "$1" --connections 16 --duration 1 --warmup 0.2 |
		grep -v '^loadgen-result'
}

for kind in ThreadingTCPServer pool prefork; do
	say "$kind: 16 clients, persistent connections, then one connection per request"
	start "$kind" "$bin/bench-line-echo" --server "$kind" --pool-size 16 --listen 127.0.0.1:0
	load --persistent
	load --short
	if [ "$kind" = prefork ]; then
		say "prefork: kill one child; the parent reaps it and starts another"
		ps -o pid=,comm= --ppid "$server" | head -4
		victim=$(ps -o pid= --ppid "$server" | head -1)
		kill -KILL $victim
		until grep -q 'starting another' "$work/$kind.err"; do sleep 0.05; done
		grep 'starting another' "$work/$kind.err"
		load --persistent
	fi
	stop
done

say "The whole matrix, against Python's own socketserver: make bench (minutes)"
