# SPDX-FileCopyrightText: 2026 The sandbox-api developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The fleet scenario of benchmarks/run: executes per second through HAProxy
with 1, 2 and 3 sandbox-server instances on one shared storage.

HAProxy runs docs/fleet.md's fleet-shared.cfg as the page writes it, with
only its listening address and its servers replaced by the launched ones
(as tests/server/test-server-haproxy.c does); every instance has the
page's `maxconn` as its --slots. Each execute sleeps, so that the machine's
cores are not the bound: the figure says how well the instances' slots add
up behind one balancer. The client (bench-fleet.c) is the library's
asynchronous API with max-connections equal to the executes in flight,
twice the slots of three instances, so that every slot stays busy and
HAProxy queues the rest. Then HAProxy's own CPU time per execute it
forwards is measured, with executes of `true`."""

import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = os.path.join(SOURCE_DIR, "docs", "fleet.md")
INSTANCES = (1, 2, 3)
TARGET = 2.7  # issue 17: three instances do at least 2.7 times one's executes


def page_config(name):
    """The ```haproxy block of docs/fleet.md whose first line is "# NAME…"."""
    with open(PAGE) as page:
        text = page.read()
    start = text.index("```haproxy\n# " + name) + len("```haproxy\n")
    return text[start:text.index("```", start)]


def page_slots(config):
    """The maxconn of the page's default-server line: each server's --slots."""
    for line in config.splitlines():
        words = line.split()
        if words[:1] == ["default-server"] and "maxconn" in words:
            return int(words[words.index("maxconn") + 1])
    raise RuntimeError("fleet-shared.cfg has no default-server maxconn")


def adapt(config, port, server_urls):
    lines = []
    for line in config.splitlines():
        if line.startswith("    server "):
            continue
        lines.append(f"    bind 127.0.0.1:{port}" if line == "    bind :8080" else line)
    if f"    bind 127.0.0.1:{port}" not in lines:
        raise RuntimeError("fleet-shared.cfg has no `bind :8080` line")
    for i, url in enumerate(server_urls):
        address = url.split("//", 1)[1].rstrip("/")
        lines.append(f"    server s{i + 1} {address}")
    return "\n".join(lines) + "\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Haproxy:
    def __init__(self, config, port, directory):
        self.path = os.path.join(directory, f"fleet-{port}.cfg")
        with open(self.path, "w") as out:
            out.write(config)
        self.errors = open(self.path + ".log", "w+")
        self.process = subprocess.Popen(["haproxy", "-db", "-f", self.path],
                                        stdout=subprocess.DEVNULL, stderr=self.errors)
        self.url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    self.errors.seek(0)
                    raise RuntimeError(f"haproxy did not start:\n{self.errors.read()}")
                time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.errors.close()


class FleetCpu:
    """What harness.run_once() asks of its server: here, the CPU time of all
    the sandbox-servers (their sandboxes included, once reaped) and of the
    balancers."""

    def __init__(self, servers, balancers):
        self.servers = servers
        self.balancers = balancers

    def cpu_seconds(self):
        total = sum(s.cpu_seconds() for s in self.servers)
        for b in self.balancers:
            with open(f"/proc/{b.process.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
        return total


def scenario(harness, Server, Contender):
    """Runs the scenario with benchmarks/run's harness, Server and
    Contender classes."""
    def log(*args):
        print(*args, file=sys.stderr, flush=True)

    if shutil.which("haproxy") is None:
        log("fleet: haproxy not found (build-aux/install-deps installs it): skipped")
        return
    quick = harness.args.quick
    config = page_config("fleet-shared.cfg")
    slots = page_slots(config)
    seconds_per_execute = 0.2 if quick else 1.0
    command = f"sleep {seconds_per_execute}"
    inflight = 2 * slots * max(INSTANCES)
    waves = 2 if quick else 4   # of the largest fleet's slots
    count = waves * slots * max(INSTANCES)

    program = os.path.join(harness.build, "tools", "sandbox-server", "sandbox-server")
    storage = os.path.join(harness.tmp, "fleet-storage")
    os.makedirs(storage, exist_ok=True)
    servers, balancers = [], []
    isolation = "bubblewrap"
    load_before = os.getloadavg()
    try:
        for i in range(max(INSTANCES)):
            argv = [program, "--port", "0", "--listen", "127.0.0.1", "--slots", str(slots),
                    "--storage", storage, "--instance-id", f"s{i + 1}"]
            if isolation == "none":
                argv.append("--no-isolation")
            try:
                servers.append(Server(argv, harness.env, f"sandbox-server s{i + 1}"))
            except RuntimeError:
                if isolation == "none":
                    raise
                log("fleet: bubblewrap cannot run here, using --no-isolation")
                isolation = "none"
                servers.append(Server(argv + ["--no-isolation"], harness.env,
                                      f"sandbox-server s{i + 1}"))
        for n in INSTANCES:
            port = free_port()
            balancers.append(Haproxy(adapt(config, port, [s.url for s in servers[:n]]),
                                     port, harness.tmp))

        client = os.path.join(harness.bin, "bench-fleet")
        # One execute per instance first: the first sandbox of a server is slower.
        subprocess.run([client, f"--url={balancers[-1].url}", "--command=true",
                        f"--count={max(INSTANCES)}", f"--inflight={max(INSTANCES)}"],
                       env=harness.env, check=True, stdout=subprocess.DEVNULL)
        contenders = [
            Contender(f"{n} instance{'s' if n > 1 else ''}",
                      [client, f"--url={b.url}", f"--command={command}", f"--count={count}",
                       f"--inflight={inflight}", f"--expect-instances={n}"],
                      baseline=(n == 1))
            for n, b in zip(INSTANCES, balancers)
        ]
        log(f"fleet: {count} executes of `{command}`, {inflight} in flight, through "
            f"haproxy with 1, 2 and 3 instances of {slots} slots")
        runs, ratios = harness.rounds(contenders, "", FleetCpu(servers, balancers))
        balancer_cost = measure_balancer(client, balancers[-1], harness.env,
                                         100 if quick else 1000, inflight, max(INSTANCES))
    finally:
        for b in balancers:
            b.stop()
        for s in servers:
            s.stop()
    load_after = os.getloadavg()

    ideal = ", ".join(f"{n}: {math.ceil(count / (n * slots)) * seconds_per_execute:.1f} s"
                      for n in INSTANCES)
    notes = [
        "speed vs lib here: the scaling, each fleet's executes per second over one "
        "instance's in the same round (median over rounds)",
        f"haproxy {haproxy_version()} with docs/fleet.md's fleet-shared.cfg (balance "
        f"leastconn, maxconn {slots} a server); sandbox-server --slots {slots}, one shared "
        f"--storage, isolation: {isolation}; the client: bench-fleet (SandboxClient, "
        f"max-connections {inflight})",
        f"ideal (the sleeps alone): {ideal}",
        f"haproxy's CPU per execute it forwards (`true`, {balancer_cost['count']} through "
        f"3 instances, {inflight} in flight, a new connection on both sides for each, as "
        f"sandbox-server closes them): {balancer_cost['cpu_us_per_request']:.0f} µs",
        f"load average (1 min) before and after the scenario: {load_before[0]:.2f}, "
        f"{load_after[0]:.2f} on {os.cpu_count()} cores",
    ]
    harness.summarize("fleet", f"fleet: {count} executes of `{command}` through haproxy, "
                      f"{inflight} in flight, 1, 2 and 3 sandbox-servers on one storage",
                      contenders, runs, ratios, harness.server_cpu(runs), amount=count,
                      unit="exec/s", notes=notes)
    scaling = {c.name: statistics.median(ratios[c.name]) for c in contenders}
    three = scaling[contenders[-1].name]
    line = (f"scaling: 2 instances {scaling[contenders[1].name]:.2f}× one, 3 instances "
            f"{three:.2f}× one (target {TARGET}×: {'met' if three >= TARGET else 'missed'}"
            f"{'; a quick run, too short to judge it' if quick else ''})")
    print(line, flush=True)
    harness.markdown.append(line + "  ")
    harness.results["fleet_scaling"] = {"ratio_vs_one_instance": scaling, "target": TARGET,
                                        "met": three >= TARGET, "balancer": balancer_cost}


def thread_cpu_ns(pid):
    """CPU time of all the threads of @pid, in nanoseconds (schedstat: finer
    than the clock ticks of /proc/PID/stat)."""
    try:
        total = 0
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as stat:
                total += int(stat.read().split()[0])
        return total
    except OSError:  # a kernel without schedstat: the clock ticks, then
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 10**9 // os.sysconf("SC_CLK_TCK")


def measure_balancer(client, balancer, env, count, inflight, instances):
    """haproxy's own CPU time per execute it forwards: executes of `true`,
    whose cost is in the servers, with haproxy's threads' CPU time measured
    around them."""
    before = thread_cpu_ns(balancer.process.pid)
    subprocess.run([client, f"--url={balancer.url}", "--command=true", f"--count={count}",
                    f"--inflight={inflight}", f"--expect-instances={instances}"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    spent = thread_cpu_ns(balancer.process.pid) - before
    return {"count": count, "cpu_us_per_request": spent / count / 1000}


def haproxy_version():
    try:
        out = subprocess.run(["haproxy", "-v"], capture_output=True, text=True).stdout
        return out.split()[2]
    except (OSError, IndexError):
        return "unknown"
