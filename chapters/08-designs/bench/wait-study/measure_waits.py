#!/usr/bin/env python3
"""The cheaper waits of issue 13 (book, chapter 1, "A cheaper safe wait"): system
calls (perf stat) and server CPU (loadgen --server-pid) per request, servers x
workloads, interleaved repetitions, server on CPU 0 and loadgen on CPU 1.
Run from the repository root, e.g.
  chapters/08-designs/bench/wait-study/measure_waits.py 5 \\
    now=build/normal/bin/echo-server,--kind,tcp bare=build/normal/bin/bench-iterative-echo
usage: measure.py REPS NAME=CMD[,ARG...] ...  (env WORKLOADS="p1,p16,s1,s16", DUR)"""
import os, statistics, subprocess, sys, time
LOADGEN = os.environ.get("LOADGEN", "build/normal/bin/loadgen")
EVENTS = ["raw_syscalls:sys_enter", "context-switches"] + [f"syscalls:sys_enter_{s}" for s in
          ("recvfrom", "sendto", "ppoll", "fcntl", "rt_sigprocmask", "accept4", "shutdown", "close", "pselect6")]
reps = int(sys.argv[1])
servers = [(a.split("=", 1)[0], a.split("=", 1)[1].split(",")) for a in sys.argv[2:]]
W = {"p1": ["--persistent", "--connections", "1"], "p16": ["--persistent", "--connections", "16"],
     "s1": ["--short", "--connections", "1"], "s16": ["--short", "--connections", "16"]}
workloads = os.environ.get("WORKLOADS", "p1,p16,s1,s16").split(",")
dur = os.environ.get("DUR", "2")
res = {}
for rep in range(reps):
    for w in workloads:
        for name, cmd in servers:
            p = subprocess.Popen(["taskset", "-c", "0"] + cmd + ["--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            addr = p.stdout.readline().decode().split()[-1]
            perf = subprocess.Popen(["perf", "stat", "-x,", "-e", ",".join(EVENTS), "-p", str(p.pid), "--", "sleep", str(float(dur) + 0.15)], stderr=subprocess.PIPE)
            time.sleep(0.05)
            out = subprocess.run(["taskset", "-c", "1", LOADGEN, "--connect", addr, "--duration", dur, "--warmup", "0.1", "--server-pid", str(p.pid)] + W[w], capture_output=True, text=True).stdout
            _, perr = perf.communicate()
            p.terminate(); p.wait()
            kv = dict(x.split("=", 1) for x in out.splitlines()[-1].split()[1:])
            counts = {}
            for l in perr.decode().splitlines():
                f = l.split(",")
                if len(f) > 3 and f[0].replace(".", "").isdigit():
                    counts[f[2].replace("syscalls:sys_enter_", "")] = float(f[0])
            req = float(kv["requests"]) or 1
            total = req * (float(dur) + 0.1) / float(dur)  # perf saw the warm-up too
            row = {"rps": float(kv["rps"]), "cpu": float(kv["server_cpu_us_per_request"]),
                   **{k: v / total for k, v in counts.items()}}
            if kv.get("mismatches", "0") != "0" or kv.get("starved", "0") != "0":
                row["BAD"] = 1
            res.setdefault((w, name), []).append(row)
            print(rep, w, name, {k: round(v, 2) for k, v in row.items()}, flush=True)
keys = ["rps", "cpu", "raw_syscalls:sys_enter", "recvfrom", "sendto", "ppoll", "fcntl", "rt_sigprocmask", "accept4", "shutdown", "close", "context-switches"]
print("\n| workload | server | " + " | ".join(k.replace("raw_syscalls:sys_enter", "syscalls") for k in keys) + " |")
print("|---" * (len(keys) + 2) + "|")
for (w, name), rows in res.items():
    med = lambda k: statistics.median(r.get(k, 0) for r in rows)
    print(f"| {w} | {name} | " + " | ".join(f"{med(k):,.0f}" if k == "rps" else f"{med(k):.2f}" for k in keys) + " |")
