#!/usr/bin/env python3
"""Chapter 8's benchmark: every server design against the same load, in one run.

    run.py [--bin build/normal/bin] [--out build/bench] [--repetitions 3]
           [--duration 2] [--warmup 0.5] [--only NAME,...] [--install-plotter]
    run.py --smoke [--summary build/test-summary.txt]

For each repetition, for each workload (persistent and short connections at
1, 16 and 128 clients), for each server of SERVERS (in an order that rotates
from one repetition to the next): start the server on a free loopback port,
pinned to one core, run loadgen pinned to the other, stop the server. So a
drift of the machine (another job, a warming CPU) spreads over every design
instead of landing on the last ones. Then each server once more, for the
memory one idle connection costs it.

Results: build/bench/results.md (the tables, medians over the repetitions),
build/bench/results.svg (gnuplot, when it is installed), results.json (every
measurement), logs/ (the servers' stderr).

--smoke: one short cell per server (about a second each, every reply
checked, no timing asserted), then this directory's unit tests; prints
"bench-smoke: N passed, M failed" for `make test`.
"""
import argparse
import json
import os
import platform
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import unittest
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


# ---------------------------------------------------------------- the servers
@dataclass(frozen=True)
class Server:
    """One row of the matrix.

    name       the row's label
    command    argv; {bin} is the C programs' directory, {python} python3,
               {bench} this directory, {listen} the address to listen on
    python     the row of Python's class this design is compared with (or None)
    reference  the row of the bare C server it is compared with for CPU (or None)
    concurrent does it serve many connections at once (else its memory per
               idle connection is not measured: it would not accept them)
    """
    name: str
    command: tuple
    python: str = None
    reference: str = None
    concurrent: bool = True


def py(server_class, *extra):
    return ("{python}", "{bench}/python_servers.py", "--server", server_class, "--listen", "{listen}") + extra


def ours(kind, *extra):
    return ("{bin}/bench-line-echo", "--server", kind, "--listen", "{listen}") + extra


EPOLL = "C epoll (limit)"
SERVERS = [
    # The references: minimal hand-written C line echoes.
    Server(EPOLL, ("{bin}/bench-epoll-echo", "--listen", "{listen}")),
    Server("C thread per connection", ("{bin}/bench-thread-echo", "--listen", "{listen}")),
    Server("C iterative", ("{bin}/bench-iterative-echo", "--listen", "{listen}"), concurrent=False),
    # Python's own socketserver, StreamRequestHandler line echo.
    Server("Python TCPServer", py("TCPServer"), concurrent=False),
    Server("Python ThreadingTCPServer", py("ThreadingTCPServer")),
    Server("Python ForkingTCPServer", py("ForkingTCPServer")),
    # ... with a listen queue of 128 instead of 5: compared with the default.
    Server("Python ThreadingTCPServer, queue 128", py("ThreadingTCPServer", "--request-queue-size", "128"),
           python="Python ThreadingTCPServer"),
    Server("Python ForkingTCPServer, queue 128", py("ForkingTCPServer", "--request-queue-size", "128"),
           python="Python ForkingTCPServer"),
    # Ours: bench-line-echo, the same line echo on StreamRequestHandler, first
    # with Python's own defaults (backlog 5, max_children 40), then in the
    # configuration the book recommends for 128 connections.
    Server("ours TCPServer", ours("TCPServer"), python="Python TCPServer", reference="C iterative",
           concurrent=False),
    Server("ours ThreadingTCPServer", ours("ThreadingTCPServer"), python="Python ThreadingTCPServer",
           reference="C thread per connection"),
    Server("ours ThreadingTCPServer, queue 128", ours("ThreadingTCPServer", "--request-queue-size", "128"),
           python="Python ThreadingTCPServer, queue 128", reference="C thread per connection"),
    Server("ours ForkingTCPServer", ours("ForkingTCPServer"), python="Python ForkingTCPServer"),
    Server("ours ForkingTCPServer, queue 128, 128 children",
           ours("ForkingTCPServer", "--request-queue-size", "128", "--max-children", "128"),
           python="Python ForkingTCPServer, queue 128"),
    # The two designs of chapter 8, sized for the 128 connections (backlog 1024).
    Server("ours pool, 128 threads", ours("pool", "--pool-size", "128"),
           python="Python ThreadingTCPServer", reference="C thread per connection"),
    Server("ours pool, hand-off, 128 threads", ours("pool", "--pool-size", "128", "--hand-off"),
           python="Python ThreadingTCPServer", reference="C thread per connection"),
    Server("ours prefork, 128 children", ours("prefork", "--pool-size", "128"),
           python="Python ForkingTCPServer"),
]


@dataclass(frozen=True)
class Workload:
    mode: str  # "persistent" or "short"
    connections: int
    per_connection: int = 0  # persistent: requests per connection (0: the whole run)

    @property
    def name(self):
        return f"{self.mode} {self.connections}"

    def loadgen_args(self):
        mode = "--short" if self.mode == "short" else "--persistent"
        if self.mode == "persistent" and self.per_connection:
            mode += f"={self.per_connection}"
        return [mode, "--connections", str(self.connections)]


WORKLOADS = [Workload(m, n) for m in ("persistent", "short") for n in (1, 16, 128)]


# ---------------------------------------------------------------- running one cell
def pinned(cpu):
    """A preexec_fn that pins the child (and what it forks) to one CPU."""
    if cpu is None:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def choose_cpus():
    """(server CPU, client CPU) on a machine with two or more; else (None, None)."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None, None
    return cpus[-1], cpus[0]


def expand(command, bin_dir, listen):
    values = {"bin": str(bin_dir), "python": sys.executable, "bench": str(HERE), "listen": listen}
    return [part.format(**values) for part in command]


class Running:
    """A server started for one cell: its process and its real address."""

    def __init__(self, server, bin_dir, cpu, log_path):
        self.log = open(log_path, "ab")
        self.process = subprocess.Popen(expand(server.command, bin_dir, "127.0.0.1:0"), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=self.log, preexec_fn=pinned(cpu))
        line = read_line(self.process.stdout, 10.0)
        match = re.match(r"listening on (\S+)$", line or "")
        if not match:
            self.stop()
            raise RuntimeError(f"{server.name}: no 'listening on' line (got {line!r})")
        self.address = match.group(1)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.log.close()
        return self.process.returncode


def read_line(stream, timeout):
    """One line from a pipe within timeout seconds, or None."""
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline().decode(errors="replace").rstrip("\n") if ready else None


def parse_result(text):
    """The key=value pairs of loadgen's 'loadgen-result' line, numbers as floats."""
    for line in text.splitlines():
        if line.startswith("loadgen-result "):
            pairs = dict(item.split("=", 1) for item in line.split()[1:])
            return {k: (float(v) if re.fullmatch(r"-?[0-9.]+", v) else v) for k, v in pairs.items()}
    return None


def run_cell(server, workload, bin_dir, cpus, duration, warmup, log_dir, extra=()):
    """Run loadgen against a fresh server; the result dict, with 'exit' and 'error'."""
    running = Running(server, bin_dir, cpus[0], log_dir / f"{slug(server.name)}.log")
    try:
        command = [str(bin_dir / "loadgen"), "--connect", running.address, "--duration", str(duration),
                   "--warmup", str(warmup), "--server-pid", str(running.process.pid)]
        command += workload.loadgen_args() + list(extra)
        done = subprocess.run(command, capture_output=True, text=True, preexec_fn=pinned(cpus[1]),
                              timeout=duration + warmup + 30)
    finally:
        server_exit = running.stop()
    result = parse_result(done.stdout) or {}
    result.update(exit=done.returncode, server_exit=server_exit,
                  error=done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "")
    return result


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# ---------------------------------------------------------------- memory per idle connection
def tree_pss_kib(pid):
    """Proportional set size of a process and its children, in KiB (shared pages split fairly)."""
    total = 0
    for p in [pid] + children_of(pid):
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
        total += int(match.group(1)) if match else 0
    return total


def children_of(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def idle_memory(server, bin_dir, cpus, log_dir, count=32):
    """KiB of server memory per idle connection: PSS with count connections open
    (each has had one line echoed, so its handler really exists), minus without.
    32, because Python's ForkingMixIn serves at most max_children = 40 at once."""
    if not server.concurrent:
        return None
    running = Running(server, bin_dir, cpus[0], log_dir / f"{slug(server.name)}.log")
    connections = []
    try:
        host, port = running.address.rsplit(":", 1)
        time.sleep(0.2)  # let the server finish starting (imports, first allocations)
        before = tree_pss_kib(running.process.pid)
        for i in range(count):
            c = socket.create_connection((host.strip("[]"), int(port)), timeout=5)
            connections.append(c)
            c.sendall(b"idle %d\n" % i)
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = c.recv(100)
                if not chunk:
                    raise RuntimeError(f"{server.name}: connection {i} closed")
                reply += chunk
        time.sleep(0.2)  # forked children finish copying their pages
        after = tree_pss_kib(running.process.pid)
        return (after - before) / count
    except (OSError, RuntimeError) as error:
        print(f"bench: {server.name}: idle memory not measured: {error}", file=sys.stderr)
        return None
    finally:
        for c in connections:
            c.close()
        running.stop()


# ---------------------------------------------------------------- the tables
def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(results):
    """{(server, workload): [result, ...]} -> {(server, workload): medians and worst cases}."""
    summary = {}
    for key, runs in results.items():
        summary[key] = {
            "rps": median([r.get("rps") for r in runs]),
            "rps_min": min((r.get("rps", 0) for r in runs), default=None),
            "rps_max": max((r.get("rps", 0) for r in runs), default=None),
            "p50_us": median([r.get("p50_us") for r in runs]),
            "p99_us": median([r.get("p99_us") for r in runs]),
            "p999_us": median([r.get("p999_us") for r in runs]),
            "cpu_us": median([r.get("server_cpu_us_per_request") for r in runs]),
            "client_cpu_pct": median([r.get("client_cpu_pct") for r in runs]),
            "starved": max((int(r.get("starved", 0)) for r in runs), default=0),
            "connect_errors": sum(int(r.get("connect_errors", 0)) for r in runs),
            "bad_replies": sum(int(r.get("mismatches", 0) + r.get("disconnects", 0)) for r in runs),
            "runs": len(runs),
        }
    return summary


def ratio(value, base):
    """value / base, or None when either is missing or the base is zero."""
    if value is None or base is None or base == 0:
        return None
    return value / base


def ratios(summary, servers, workloads):
    """For every (server, workload): its rate as a multiple of its Python twin's
    and of the epoll limit's, and its CPU per request as a multiple of its
    C reference's, all from the same run."""
    out = {}
    for s in servers:
        for w in workloads:
            mine = summary.get((s.name, w.name), {})
            twin = summary.get((s.python, w.name), {}) if s.python else {}
            limit = summary.get((EPOLL, w.name), {})
            reference = summary.get((s.reference, w.name), {}) if s.reference else {}
            out[(s.name, w.name)] = {
                "vs_python": ratio(mine.get("rps"), twin.get("rps")),
                "vs_epoll": ratio(mine.get("rps"), limit.get("rps")),
                "cpu_vs_reference": ratio(mine.get("cpu_us"), reference.get("cpu_us")),
            }
    return out


def fmt(value, digits=0, suffix=""):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{suffix}"


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(summary, servers, workloads, memory, environment):
    r = ratios(summary, servers, workloads)
    wn = [w.name for w in workloads]
    cell = lambda s, w: summary.get((s.name, w), {})
    parts = ["# Chapter 8 benchmark: results", "", environment, ""]

    parts += ["## Requests per second (median; min–max over the repetitions)", ""]
    parts.append(markdown_table(["server"] + wn, [
        [s.name] + [f"{fmt(cell(s, w).get('rps'))} ({fmt(cell(s, w).get('rps_min'))}–{fmt(cell(s, w).get('rps_max'))})"
                    if cell(s, w) else "—" for w in wn] for s in servers]))

    parts += ["", "## As a multiple of the epoll limit (same run)", ""]
    parts.append(markdown_table(["server"] + wn, [
        [s.name] + [fmt(r[(s.name, w)]["vs_epoll"], 2, "×") for w in wn] for s in servers]))

    compared = [s for s in servers if s.python]
    if compared:
        parts += ["", "## As a multiple of Python's same class (same run)", ""]
        parts.append(markdown_table(["server", "compared with"] + wn, [
            [s.name, s.python] + [fmt(r[(s.name, w)]["vs_python"], 2, "×") for w in wn] for s in compared]))

    parts += ["", "## Server CPU per request, µs (user+system, server and its children; Stevens' metric)", ""]
    parts.append(markdown_table(["server"] + wn, [
        [s.name] + [fmt(cell(s, w).get("cpu_us"), 1) for w in wn] for s in servers]))
    referenced = [s for s in servers if s.reference]
    if referenced:
        parts += ["", "CPU per request as a multiple of the bare C reference:", ""]
        parts.append(markdown_table(["server", "reference"] + wn, [
            [s.name, s.reference] + [fmt(r[(s.name, w)]["cpu_vs_reference"], 2, "×") for w in wn]
            for s in referenced]))

    parts += ["", "## Latency p50 / p99 / p99.9, µs (median over the repetitions)", ""]
    parts.append(markdown_table(["server"] + wn, [
        [s.name] + [" / ".join(fmt(cell(s, w).get(k)) for k in ("p50_us", "p99_us", "p999_us")) for w in wn]
        for s in servers]))

    parts += ["", "## Starved clients (worst repetition) · connect errors · bad replies (all repetitions)", ""]
    parts.append(markdown_table(["server"] + wn, [
        [s.name] + [f"{cell(s, w).get('starved', '—')} · {cell(s, w).get('connect_errors', '—')} · "
                    f"{cell(s, w).get('bad_replies', '—')}" for w in wn] for s in servers]))

    parts += ["", "## The client's own CPU, % of its core (near 100: the client, not the server, set the rate)", ""]
    parts.append(markdown_table(["server"] + wn, [
        [s.name] + [fmt(cell(s, w).get("client_cpu_pct")) for w in wn] for s in servers]))

    parts += ["", "## Memory per idle connection, KiB (PSS of the server and its children)", ""]
    parts.append(markdown_table(["server", "KiB per connection"],
                                [[s.name, fmt(memory.get(s.name), 1)] for s in servers]))
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------- the plot
GNUPLOT = """set terminal svg size 960,540 dynamic font 'sans,11'
set output '{svg}'
set title 'Line echo, 64-byte lines: requests per second (log scale; median of {reps})'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set yrange [10:*]
set grid ytics
set key outside right top vertical
set xtics nomirror
set ylabel 'requests/s'
set format y '%.0f'
plot for [i=2:{last}] '{data}' using i:xtic(1) title columnheader(i)
"""


def write_plot(summary, servers, workloads, out_dir, repetitions):
    data = out_dir / "results.dat"
    with open(data, "w") as f:
        f.write('"workload" ' + " ".join(f'"{s.name}"' for s in servers) + "\n")
        for w in workloads:
            values = [summary.get((s.name, w.name), {}).get("rps") for s in servers]
            f.write(f'"{w.name}" ' + " ".join(f"{v:.1f}" if v else "NaN" for v in values) + "\n")
    script = out_dir / "plot.gp"
    svg = out_dir / "results.svg"
    script.write_text(GNUPLOT.format(svg=svg, data=data, last=len(servers) + 1, reps=repetitions))
    if shutil.which("gnuplot") is None:
        print(f"bench: gnuplot is not installed; the plot's script is {script}", file=sys.stderr)
        return None
    subprocess.run(["gnuplot", str(script)], check=True)
    return svg


def ensure_gnuplot():
    """Install Debian's gnuplot-nox when missing and allowed (as tools/ensure-deps does)."""
    if shutil.which("gnuplot"):
        return
    command = "apt-get update && apt-get install -y gnuplot-nox"
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"bench: gnuplot is missing; to get the plot, run: sudo sh -c '{command}'", file=sys.stderr)
        return
    print("bench: installing gnuplot-nox", file=sys.stderr)
    subprocess.run(["apt-get", "update", "-qq"], check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", "gnuplot-nox"], check=False,
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), stdout=subprocess.DEVNULL)


def describe_machine(cpus, args):
    model = ""
    try:
        model = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.M).group(1)
    except (OSError, AttributeError):
        pass
    pinning = (f"server pinned to CPU {cpus[0]}, loadgen to CPU {cpus[1]}" if cpus[0] is not None
               else "no pinning (fewer than two CPUs)")
    return (f"{time.strftime('%Y-%m-%d %H:%M %Z')} · {platform.node()} · Linux {platform.release()} · "
            f"{os.cpu_count()} CPUs {model} · Python {platform.python_version()} · {pinning} · "
            f"64-byte lines · {args.repetitions} repetitions of {args.warmup} s warm-up + {args.duration} s, "
            f"interleaved · a fresh server for every cell")


# ---------------------------------------------------------------- main
def run_matrix(args):
    bin_dir = Path(args.bin).resolve()
    out_dir = Path(args.out)
    log_dir = out_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    servers = [s for s in SERVERS if not args.only or s.name in args.only.split(",")]
    cpus = choose_cpus()
    if args.install_plotter:
        ensure_gnuplot()
    results = {}
    cells = len(servers) * len(WORKLOADS)
    for rep in range(args.repetitions):
        order = servers[rep % len(servers):] + servers[:rep % len(servers)]  # rotate: no server always last
        for w in WORKLOADS:
            for s in order:
                r = run_cell(s, w, bin_dir, cpus, args.duration, args.warmup, log_dir)
                results.setdefault((s.name, w.name), []).append(r)
                print(f"bench: rep {rep + 1}/{args.repetitions} · {w.name:>14} · {s.name:<38} "
                      f"{fmt(r.get('rps')):>9} req/s  cpu {fmt(r.get('server_cpu_us_per_request'), 1):>7} µs/req  "
                      f"starved {int(r.get('starved', 0)):>3}" + (f"  [loadgen exit {r['exit']}: {r['error']}]"
                                                                 if r["exit"] else ""), flush=True)
        print(f"bench: repetition {rep + 1} done ({cells} cells)", flush=True)
    memory = {s.name: idle_memory(s, bin_dir, cpus, log_dir) for s in servers}
    summary = summarize(results)
    text = render_markdown(summary, servers, WORKLOADS, memory, describe_machine(cpus, args))
    (out_dir / "results.md").write_text(text)
    (out_dir / "results.json").write_text(json.dumps(
        {"runs": {f"{k[0]} | {k[1]}": v for k, v in results.items()}, "memory_kib": memory}, indent=1))
    svg = write_plot(summary, servers, WORKLOADS, out_dir, args.repetitions)
    print(text)
    print(f"bench: wrote {out_dir / 'results.md'}" + (f" and {svg}" if svg else ""))
    return 0


def run_smoke(args):
    """One short cell per server, every reply checked; then the unit tests."""
    bin_dir = Path(args.bin).resolve()
    log_dir = Path(args.out) / "smoke-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    passed = failed = 0
    # 20 requests a connection: both the persistent path and reconnecting.
    workload = Workload("persistent", 4, per_connection=20)
    for s in SERVERS:
        try:
            r = run_cell(s, workload, bin_dir, (None, None), 0.5, 0.1, log_dir)
            ok = (r["exit"] == 0 and r.get("requests", 0) > 0 and r.get("mismatches") == 0
                  and r.get("disconnects") == 0 and r["server_exit"] == 0)
            detail = (f"{int(r.get('requests', 0))} requests verified" if ok else
                      f"loadgen exit {r['exit']}, server exit {r['server_exit']}, {r.get('error') or r}")
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            ok, detail = False, str(error)
        passed, failed = passed + ok, failed + (not ok)
        print(f"  {'ok  ' if ok else 'FAIL'}  bench {s.name:<40} {detail}")
    suite = unittest.defaultTestLoader.loadTestsFromName("test_run")
    outcome = unittest.TextTestRunner(stream=sys.stdout, verbosity=0).run(suite)
    bad = len(outcome.failures) + len(outcome.errors)
    passed, failed = passed + outcome.testsRun - bad, failed + bad
    line = f"bench-smoke: {passed} passed, {failed} failed"
    print(line)
    if args.summary:
        with open(args.summary, "a") as f:
            f.write(line + "\n")
    return 0 if failed == 0 else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=str(ROOT / "build/normal/bin"))
    parser.add_argument("--out", default=str(ROOT / "build/bench"))
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--duration", type=float, default=2.0)
    parser.add_argument("--warmup", type=float, default=0.5)
    parser.add_argument("--only", help="comma-separated server names")
    parser.add_argument("--install-plotter", action="store_true", help="apt-get install gnuplot-nox if missing")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--summary", help="with --smoke: append the tally line to this file")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    return run_smoke(args) if args.smoke else run_matrix(args)


if __name__ == "__main__":
    sys.exit(main())
