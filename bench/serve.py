"""Serving benchmark: how fast do the real pages answer under `incamera serve`?

    .venv/bin/python bench/serve.py [--seconds 10] [--clients 20] [--workers 2] [--threads 8] [--client auto|wrk|python]

What it does:

1. makes a throw-away data dir (INCAMERA_DATA_DIR, SQLite), runs ``incamera migrate`` and
   ``incamera demo`` there, starts ``incamera serve`` on a free port and prints the time from
   process start to the first 200 from ``/healthz``;
2. signs in as the demo organizer (CSRF token from the form, cookies sent by hand in a
   ``Cookie`` header: the server keeps its production ``Secure`` cookies, which a cookie jar
   would drop over plain http) and finds the Chatham House meeting on the dashboard;
3. loads ``/healthz`` (a bare view, the baseline), the dashboard and the meeting page with the
   same number of concurrent keep-alive clients for a fixed time each, and prints requests/s,
   p50/p95 latency and errors (any failed request or non-200 answer);
   With the page cache on (the default, ``incamera/web/pagecache.py``) the measured requests
   after the first of each worker thread are served from memory; ``--no-page-cache`` measures
   what a render costs (a cache miss);
4. prints each page's throughput as a share of the bare view's and checks the goals
   (p95 ≤ 50 ms, ≥ 30 % of the bare view's throughput);
5. stops the server (SIGTERM, then SIGKILL) however the run ends, Ctrl-C included.

Load client: ``wrk`` when it is on PATH (``apt-get install -y wrk``), with a small Lua script
for p50/p95 and non-200 counting; otherwise a pure-Python client (threads, one http.client
keep-alive connection each).  The Python client shares the CPU (and its own GIL) with the
server: on a 2-core machine it caps the bare view's throughput and inflates latencies.  The
same client loads the baseline and the pages, so the percentage column stays a fair
comparison; the absolute numbers are a floor, not the server's ceiling.

This is a benchmark, not a test: it asserts nothing about timings.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ORGANIZER_EMAIL = "secretariat@demo.incamera.example"
ORGANIZER_PASSWORD = "incamera-demo-2026"  # the demo's published password
GOAL_P95_MS = 50.0
GOAL_SHARE = 0.30
HOST = "127.0.0.1"

WRK_LUA = r"""
-- Counts non-200 answers per thread and prints one machine-readable summary line.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non200")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d non200=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    bad, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Result:
    name: str
    path: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int
    cpu_ms: float | None = None  # server CPU (all gunicorn processes) per request

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def incamera(*args: str) -> list[str]:
    return [sys.executable, "-m", "incamera", *args]


def get(port: int, path: str, *, headers: dict[str, str] | None = None, timeout: float = 10) -> tuple[int, http.client.HTTPResponse, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response, response.read()
    finally:
        conn.close()


class Server:
    """``incamera serve`` as a child process in its own session, stopped however we leave."""

    def __init__(self, env: dict[str, str], port: int, workers: int, threads: int, log_path: Path) -> None:
        self.env = env
        self.port = port
        self.workers = workers
        self.threads = threads
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    def start(self) -> float:
        """Start the server; return seconds from process start to the first 200 from /healthz."""
        cmd = incamera("serve", "--host", HOST, "--port", str(self.port), "--workers", str(self.workers), "--threads", str(self.threads))
        with self.log_path.open("wb") as log:
            self.started_at = time.perf_counter()
            # A session of its own: a Ctrl-C in the terminal reaches us, and we stop it in order.
            self.proc = subprocess.Popen(cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = self.started_at + 60
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                status, _response, _body = get(self.port, "/healthz", timeout=2)
                if status == 200:
                    return time.perf_counter() - self.started_at
            time.sleep(0.02)
        raise RuntimeError(f"no 200 from /healthz within 60 s:\n{self.log_tail()}")

    def stop(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        # gunicorn's master: SIGTERM is a graceful shutdown (graceful_timeout is 10 s).
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)

    def cpu_seconds(self) -> float | None:
        """User + system CPU of the gunicorn master and its workers so far (Linux /proc; else None)."""
        if self.proc is None:
            return None
        ticks = 0
        try:
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue  # gone meanwhile
                fields = stat[stat.rindex(")") + 2 :].split()
                if int(entry.name) == self.proc.pid or int(fields[1]) == self.proc.pid:
                    ticks += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            return None
        return ticks / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


# --- signing in -------------------------------------------------------------------------------


def cookies_from(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: dict[str, str] = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def sign_in(port: int) -> dict[str, str]:
    """Sign in as the demo organizer; return the cookies (csrftoken, sessionid)."""
    status, response, body = get(port, "/accounts/signin/")
    if status != 200:
        raise RuntimeError(f"GET /accounts/signin/ answered {status}")
    jar = cookies_from(response)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if match is None or "csrftoken" not in jar:
        raise RuntimeError("the sign-in form has no CSRF token")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1).decode(), "email": ORGANIZER_EMAIL, "password": ORGANIZER_PASSWORD, "next": ""}
    )
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(
            "POST",
            "/accounts/signin/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie_header(jar),
                "Origin": f"http://{HOST}:{port}",
                "Referer": f"http://{HOST}:{port}/accounts/signin/",
            },
        )
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    jar.update(cookies_from(response))
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"sign-in failed: {response.status}, cookies {sorted(jar)}")
    return jar


def workspace_pages(port: int, jar: dict[str, str], meeting: str) -> list[tuple[str, str]]:
    """Every section the meeting workspace's navigation links (issue 10), as (name, path)."""
    status, _response, body = get(port, meeting, headers={"Cookie": cookie_header(jar)})
    if status != 200:
        raise RuntimeError(f"GET {meeting} answered {status}")
    nav = re.search(r'<nav class="workspace-nav".*?</nav>', body.decode(), flags=re.DOTALL)
    if nav is None:
        return []  # a build without the workspace: only the meeting page
    links = re.findall(r'<a href="(/[^"]+)"[^>]*>([^<]+)</a>', nav.group(0))
    return [(label.strip().lower().replace(" ", "-")[:10], path) for path, label in links]


def find_meeting(port: int, jar: dict[str, str]) -> str:
    """The dashboard's Chatham House meeting (else its first meeting) as a path."""
    status, _response, body = get(port, "/meetings/", headers={"Cookie": cookie_header(jar)})
    if status != 200:
        raise RuntimeError(f"GET /meetings/ answered {status} (not signed in?)")
    html = body.decode()
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.DOTALL)
    links = [(m.group(1), row) for row in rows if (m := re.search(r'href="(/meetings/\d+/)"', row))]
    if not links:
        raise RuntimeError("the dashboard links no meeting: did `incamera demo` run?")
    for path, row in links:
        if "Chatham" in row:
            return path
    return links[0][0]


# --- load: wrk --------------------------------------------------------------------------------


def load_wrk(port: int, name: str, path: str, *, headers: dict[str, str], clients: int, seconds: float, lua: Path) -> Result:
    threads = max(1, min(os.cpu_count() or 1, clients))
    # wrk takes whole seconds only.
    cmd = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(lua)]
    for key, value in headers.items():
        cmd += ["-H", f"{key}: {value}"]
    cmd.append(f"http://{HOST}:{port}{path}")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    match = re.search(r"BENCH (.*)", done.stdout)
    if done.returncode != 0 or match is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    fields = {key: int(value) for key, value in (item.split("=") for item in match.group(1).split())}
    return Result(
        name=name,
        path=path,
        requests=fields["requests"],
        seconds=fields["duration_us"] / 1e6,
        p50_ms=fields["p50_us"] / 1000,
        p95_ms=fields["p95_us"] / 1000,
        errors=fields["non200"] + fields["socket_errors"],
    )


# --- load: pure Python ------------------------------------------------------------------------


def load_python(port: int, name: str, path: str, *, headers: dict[str, str], clients: int, seconds: float) -> Result:
    """``clients`` threads, one keep-alive connection each, requesting ``path`` until time is up."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(index: int) -> None:
        mine = latencies[index]
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        start.wait()
        deadline = stop_at[0]
        while True:
            began = time.perf_counter()
            if began >= deadline:
                break
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
                continue
            mine.append(time.perf_counter() - began)
            if response.status != 200:
                errors[index] += 1
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
        conn.close()

    workers = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for worker in workers:
        worker.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    every = sorted(x for mine in latencies for x in mine)
    return Result(
        name=name,
        path=path,
        requests=len(every),
        seconds=elapsed,
        p50_ms=percentile(every, 50) * 1000,
        p95_ms=percentile(every, 95) * 1000,
        errors=sum(errors),
    )


def percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[rank]


# --- report -----------------------------------------------------------------------------------


def report(results: list[Result]) -> None:
    bare = results[0]
    print()
    header = (
        f"{'page':<10} {'path':<16} {'req/s':>8} {'% bare':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} {'CPU ms/req':>10}"
        f"  {'p95 ≤ 50 ms':<12} {'≥ 30 % of bare':<14}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        share = result.rps / bare.rps if bare.rps else 0.0
        cpu = "n/a" if result.cpu_ms is None else f"{result.cpu_ms:.2f}"
        if result is bare:
            p95_goal = share_goal = "(baseline)"
        elif result.name == "bare+auth":
            p95_goal = share_goal = "(reference)"
        else:
            p95_goal = "met" if result.p95_ms <= GOAL_P95_MS else "NOT MET"
            share_goal = "met" if share >= GOAL_SHARE else "NOT MET"
        print(
            f"{result.name:<10} {result.path:<16} {result.rps:>8.1f} {share * 100:>6.1f}% {result.p50_ms:>7.1f} {result.p95_ms:>7.1f}"
            f" {result.errors:>6} {cpu:>10}  {p95_goal:<12} {share_goal:<14}"
        )
    print()
    print(f"goals: p95 ≤ {GOAL_P95_MS:g} ms; throughput ≥ {GOAL_SHARE:.0%} of the bare view's")
    print("errors: failed requests and non-200 answers")
    print("CPU ms/req: CPU time of all server processes over the run ÷ requests, steadier than req/s on a busy machine")


# --- main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10, help="load duration per page (default 10; whole seconds with wrk)")
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured load per page before measuring (default 1 s; 0: none)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent keep-alive clients (default 20)")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers (default 2 x CPUs + 1, as `incamera serve`)"
    )
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (default 2, as `incamera serve`)")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto", help="load client (default: wrk if installed)")
    parser.add_argument("--workspace", action="store_true", help="also load every section the meeting workspace's navigation links")
    parser.add_argument(
        "--session-baseline",
        action="store_true",
        help="also load /healthz with the session cookie: the fixed cost of session and user loading, for diagnosis",
    )
    parser.add_argument(
        "--settings",
        default="incamera.settings",
        help="Django settings module for the server (default incamera.settings; e.g. a module on PYTHONPATH that imports it and"
        " overrides one setting, to measure a change)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve with the page cache off (INCAMERA_PAGE_CACHE_SECONDS=0): every request renders its page, the cost of a miss",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir (database, server log)")
    return parser.parse_args(argv)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    print("\nterminated", file=sys.stderr)
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress shows as it happens
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # `finally` still stops the server
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk") is not None)
    if args.client == "wrk" and shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install -y wrk)", file=sys.stderr)
        return 2

    data_dir = Path(tempfile.mkdtemp(prefix="incamera-bench-"))
    # The shipped defaults (SQLite, Secure cookies, no Redis), whatever the calling shell exports.
    env = {name: value for name, value in os.environ.items() if not name.startswith("INCAMERA_")}
    env |= {"INCAMERA_DATA_DIR": str(data_dir), "INCAMERA_EMAIL_BACKEND": "file", "DJANGO_SETTINGS_MODULE": args.settings}
    if args.no_page_cache:
        env["INCAMERA_PAGE_CACHE_SECONDS"] = "0"
    port = free_port()
    server = Server(env, port, args.workers, args.threads, data_dir / "server.log")
    lua = data_dir / "bench.lua"
    lua.write_text(WRK_LUA)

    print(f"data dir    {data_dir} (SQLite)")
    load1 = os.getloadavg()[0]
    busy = " — the machine is busy: numbers will be noisy" if load1 > 0.5 * (os.cpu_count() or 1) else ""
    print(f"load avg    {load1:.2f} (1 min) before starting{busy}")
    print(
        f"machine     {os.cpu_count()} CPUs; server: {args.workers} workers × {args.threads} threads (gthread), {args.settings}, Secure cookies on"
    )
    print(
        "pages       "
        + (
            "page cache off: every request renders"
            if args.no_page_cache
            else "page cache on (the default): repeated requests are served from memory"
        )
    )
    if use_wrk:
        print(f"load        wrk, {args.clients} connections, {args.seconds:g} s per page after {args.warmup:g} s warm-up")
    else:
        print(
            f"load        Python (threads + http.client keep-alive), {args.clients} clients, {args.seconds:g} s per page after {args.warmup:g} s warm-up"
        )
        print("            note: the client competes with the server for the CPU; compare the percentages, not the absolute numbers")

    try:
        for step in (("migrate", "--no-input", "--verbosity", "0"), ("demo",)):
            done = subprocess.run(incamera(*step), env=env, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"`incamera {' '.join(step)}` failed:\n{done.stdout}{done.stderr}", file=sys.stderr)
                return 1

        startup = server.start()
        print(
            f"startup     {startup * 1000:.0f} ms from starting `incamera serve` (incl. its migrate check) to the first 200 from /healthz"
        )

        jar = sign_in(port)
        meeting = find_meeting(port, jar)
        signed_in = {"Cookie": cookie_header(jar)}
        pages = [("bare", "/healthz", {}), ("dashboard", "/meetings/", signed_in), ("meeting", meeting, signed_in)]
        if args.workspace:
            pages += [(name, path, signed_in) for name, path in workspace_pages(port, jar, meeting) if path != meeting]
        if args.session_baseline:
            pages.insert(1, ("bare+auth", "/healthz", signed_in))

        results = []
        for name, path, headers in pages:
            for seconds, measured in ((args.warmup, False), (args.seconds, True)):
                if seconds <= 0:
                    continue
                cpu_before = server.cpu_seconds()
                if use_wrk:
                    result = load_wrk(port, name, path, headers=headers, clients=args.clients, seconds=seconds, lua=lua)
                else:
                    result = load_python(port, name, path, headers=headers, clients=args.clients, seconds=seconds)
                cpu_after = server.cpu_seconds()
                if cpu_before is not None and cpu_after is not None and result.requests:
                    result.cpu_ms = (cpu_after - cpu_before) * 1000 / result.requests
                if measured:
                    results.append(result)
                    print(
                        f"  {name:<10} {path:<28} {result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f} ms  p95 {result.p95_ms:6.1f} ms  errors {result.errors}"
                    )
        report(results)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except (RuntimeError, OSError) as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    finally:
        server.stop()
        if args.keep:
            print(f"kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
