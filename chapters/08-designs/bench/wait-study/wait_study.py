#!/usr/bin/env python3
# The synchronous TCPServer's wait: chapter 4's echo-server (as is, and three
# prototype ss_recv variants) against the bare iterative echo.
import re, subprocess, statistics, sys, time, os
B = "build/normal/bin"
P = sys.argv[1] if len(sys.argv) > 1 else "/tmp/proto/build"
servers = {
 "echo-server (ppoll, as is)": [f"{P}/p0/bin/echo-server", "--kind", "tcp"],
 "proto 1: cached mask, no fcntl": [f"{P}/p1/bin/echo-server", "--kind", "tcp"],
 "proto 2: ppoll first, no failing recv": [f"{P}/p2/bin/echo-server", "--kind", "tcp"],
 "proto 3: blocking recv (unsafe floor)": [f"{P}/p3/bin/echo-server", "--kind", "tcp"],
 "bare iterative C": [f"{B}/bench-iterative-echo"],
}
regimes = {"cross-core": ("1", "0"), "same core": ("0", "0")}
workloads = {"persistent 1": ["--persistent"], "short 1": ["--short"]}
res = {}
for rep in range(3):
    for wname, wargs in workloads.items():
        for rname, (scpu, ccpu) in regimes.items():
            for sname, cmd in servers.items():
                p = subprocess.Popen(["taskset", "-c", scpu] + cmd + ["--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                addr = p.stdout.readline().decode().split()[-1]
                perf = subprocess.Popen(["perf", "stat", "-x,", "-e", "raw_syscalls:sys_enter,context-switches", "-p", str(p.pid), "--", "sleep", "2.1"], stderr=subprocess.PIPE)
                time.sleep(0.05)
                out = subprocess.run(["taskset", "-c", ccpu, f"{B}/loadgen", "--connect", addr, "--duration", "2", "--warmup", "0.05", "--connections", "1", "--server-pid", str(p.pid)] + wargs, capture_output=True, text=True).stdout
                _, perr = perf.communicate()
                p.terminate(); p.wait()
                kv = dict(x.split("=", 1) for x in out.splitlines()[-1].split()[1:])
                counts = {l.split(",")[2]: float(l.split(",")[0]) for l in perr.decode().splitlines() if l.count(",") > 3 and l.split(",")[0].replace(".", "").isdigit()}
                req = float(kv["requests"]) or 1
                # perf counted ~2.1 s, loadgen measured 2 s (+0.05 warm-up): normalise by all requests in 2.05 s
                total = req * 2.05 / 2.0
                res.setdefault((wname, rname, sname), []).append((float(kv["rps"]), float(kv["server_cpu_us_per_request"]), counts.get("raw_syscalls:sys_enter", 0) / total, counts.get("context-switches", 0) / total))
                print(rep, wname, rname, sname, res[(wname, rname, sname)][-1], flush=True)
print()
print("| workload | placement | server | req/s | server CPU µs/request | syscalls/request | context switches/request |")
print("|---|---|---|---|---|---|---|")
for (w, r, s), v in res.items():
    m = lambda i: statistics.median(x[i] for x in v)
    print(f"| {w} | {r} | {s} | {m(0):,.0f} | {m(1):.1f} | {m(2):.2f} | {m(3):.2f} |")
