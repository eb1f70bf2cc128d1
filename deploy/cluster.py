"""N Streamlit workers on loopback behind one nginx, kept alive by this process.

Why nginx, and why this shape:

* Sessions live in one worker's memory, so the proxy must be sticky. Open-source nginx has
  no ``sticky`` directive (that is NGINX Plus), but it hashes: a browser's first response
  sets a random cookie, and the upstream hashes on that cookie (on the request id while
  there is none, which is the very value the cookie gets), so the page, its websocket, its
  uploads and its media all land on the same worker. ``consistent`` keeps most browsers
  where they were when the list of workers changes.
* Open-source nginx only notices a dead worker when a request to it fails (passive checks).
  A hung Streamlit still accepts connections, so this process also asks each worker's
  ``/_stcore/health`` every few seconds and restarts, on the same port, one that died or
  stopped answering: nginx's configuration never has to change.
* Everything nginx writes (pid, logs, temp files) goes to a run directory, so it runs as
  whoever starts it, beside a system nginx or none, without root and without /etc/nginx.
* Workers and nginx get their own process groups (a terminal's Ctrl-C reaches only us, and
  we stop them in order) and are told by the kernel to stop if we die without cleaning up.
"""

from __future__ import annotations

import contextlib
import ctypes
import grp
import http.client
import json
import logging
import os
import pwd
import resource
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

REPO = Path(__file__).resolve().parents[1]
LOG = logging.getLogger("deploy")
NGINX_FALLBACK = "/usr/sbin/nginx"  # not on a normal user's PATH on Debian
HEALTH_PATH = "/_stcore/health"

NGINX_CONF = """\
# Written by `python -m deploy` at every start; edit deploy/cluster.py instead.
@user
# One event loop relays thousands of connections; the cores belong to the Python workers.
worker_processes 1;
worker_rlimit_nofile @nofile;
pid "@run/nginx.pid";
error_log "@run/error.log" warn;

events {
    # Each proxied websocket holds two connections: one to the browser, one to a worker.
    worker_connections @connections;
}

http {
    log_format atlas '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                     '$request_time upstream=$upstream_addr';
    access_log "@run/access.log" atlas;
    server_tokens off;

    client_body_temp_path "@run/tmp/body";
    proxy_temp_path "@run/tmp/proxy";
    fastcgi_temp_path "@run/tmp/fastcgi";
    uwsgi_temp_path "@run/tmp/uwsgi";
    scgi_temp_path "@run/tmp/scgi";

    map $http_upgrade $connection_upgrade {
        default upgrade;
        ""      "";
    }
    map $cookie_atlas_worker $atlas_sticky {
        ""      $request_id;
        default $cookie_atlas_worker;
    }
    map $cookie_atlas_worker $atlas_set_cookie {
        ""      "atlas_worker=$request_id; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }

    upstream atlas {
        hash $atlas_sticky consistent;
@servers
        keepalive 16;
    }

    server {
        listen @listen;
        server_name _;
        # The app accepts 300 MB uploads (server.maxUploadSize, geo.userlayer.MAX_BYTES).
        client_max_body_size 300m;

        add_header Set-Cookie $atlas_set_cookie always;
        add_header X-Atlas-Worker $upstream_addr always;

        # Set here, not per location: a location's own proxy_set_header drops these.
        proxy_http_version 1.1;
        proxy_set_header Host $http_host;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-Host $http_host;
        proxy_connect_timeout 3s;
        proxy_next_upstream error timeout http_502 http_503;

        location / {
            proxy_pass http://atlas;
        }

        location /_stcore/stream {
            proxy_pass http://atlas;
            proxy_buffering off;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
        }

        location = /healthz {
            proxy_pass http://atlas/_stcore/health;
            access_log off;
        }
    }
}
"""


class LaunchError(RuntimeError):
    """Something the operator has to fix; shown as one message, without a traceback."""


class Shutdown(Exception):
    """Raised on SIGTERM or SIGHUP so that every wait unwinds into the cleanup."""


class _Conf(string.Template):
    delimiter = "@"  # nginx owns "$"


@dataclass(frozen=True)
class Settings:
    run_dir: Path
    workers: int = 2
    host: str = "127.0.0.1"
    port: int = 8080
    cache_dir: Path = REPO / ".cache"
    nginx: str | None = None
    check_interval: float = 5.0
    max_failures: int = 3
    health_timeout: float = 3.0
    startup_timeout: float = 90.0

    @property
    def conf(self) -> Path:
        return self.run_dir / "nginx.conf"

    @property
    def url(self) -> str:
        shown = socket.gethostname() if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{_bracket(shown)}:{self.port}/"


@dataclass
class Worker:
    index: int
    port: int
    log: Path
    proc: subprocess.Popen | None = None
    started: float = 0.0
    healthy: bool = False
    failures: int = 0
    restarts: int = 0


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def find_nginx(explicit: str | None = None) -> str:
    candidates = [explicit] if explicit else [shutil.which("nginx"), NGINX_FALLBACK]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    where = explicit or f"on PATH or at {NGINX_FALLBACK}"
    raise LaunchError(f"nginx not found ({where}). Install it: `sudo apt-get install nginx-light` "
                      "(or `nginx`); then run this again, or pass --nginx PATH.")


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx does
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise LaunchError(f"cannot listen on {_bracket(host)}:{port}: {exc.strerror}. "
                              "Is another server there? Choose another --port.") from exc


def free_ports(count: int) -> list[int]:
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in socks]


def _nofile() -> int:
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    return 8192 if hard == resource.RLIM_INFINITY else min(hard, 8192)


def _user_directive() -> str:
    if os.geteuid() != 0:
        return ""
    # As root, nginx would drop its worker to "nobody", who cannot enter a private run dir.
    user = pwd.getpwuid(os.geteuid()).pw_name
    return f"user {user} {grp.getgrgid(os.getegid()).gr_name};"


def nginx_conf(settings: Settings, ports: Iterable[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;"
                        for port in ports)
    return _Conf(NGINX_CONF).substitute(
        user=_user_directive(), run=settings.run_dir, nofile=_nofile(),
        connections=_nofile() // 2, listen=f"{_bracket(settings.host)}:{settings.port}",
        servers=servers)


def _nginx_args(nginx: str, settings: Settings) -> list[str]:
    return [nginx, "-p", str(settings.run_dir), "-c", str(settings.conf),
            "-e", str(settings.run_dir / "error.log")]


def write_nginx_conf(nginx: str, settings: Settings, ports: list[int]) -> None:
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (settings.run_dir / "tmp" / temp).mkdir(parents=True, exist_ok=True)
    settings.conf.write_text(nginx_conf(settings, ports), encoding="utf-8")
    check = subprocess.run([*_nginx_args(nginx, settings), "-t", "-q"],
                           capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise LaunchError(f"nginx rejects {settings.conf}:\n{check.stderr.strip()}"
                          f"\n{_tail(settings.run_dir / 'error.log')}")


def _resolve_prctl() -> Callable[..., int] | None:
    if sys.platform != "linux":
        return None
    with contextlib.suppress(OSError, AttributeError):
        return ctypes.CDLL(None, use_errno=True).prctl
    return None


_PRCTL = _resolve_prctl()
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


def _spawn(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=_die_with_parent)  # we run no threads


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def stop(procs: Iterable[subprocess.Popen | None], grace: float = 10.0) -> None:
    """SIGTERM each process group, SIGKILL what is left after ``grace`` seconds."""
    procs = [p for p in procs if p is not None]
    for proc in procs:
        _signal_group(proc, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(max(0.0, deadline - time.monotonic()))
    for proc in procs:
        _signal_group(proc, signal.SIGKILL)  # stragglers of an exited leader too
        proc.wait()


def worker_env(settings: Settings) -> dict[str, str]:
    return dict(os.environ, ATLAS_CACHE_DIR=str(settings.cache_dir), PYTHONUNBUFFERED="1")


def start_worker(worker: Worker, settings: Settings) -> None:
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(worker.port),
           "--server.address", "127.0.0.1", "--server.headless", "true"]
    worker.proc = _spawn(cmd, worker.log, worker_env(settings))
    worker.started, worker.healthy, worker.failures = time.monotonic(), False, 0


def start_nginx(nginx: str, settings: Settings) -> subprocess.Popen:
    return _spawn([*_nginx_args(nginx, settings), "-g", "daemon off;"],
                  settings.run_dir / "nginx.out")


def answers_ok(host: str, port: int, path: str, timeout: float) -> bool:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status == 200 and response.read().strip() == b"ok"
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _probe_host(host: str) -> str:
    return {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)


def write_state(settings: Settings, workers: list[Worker], nginx: subprocess.Popen,
                ready: bool) -> None:
    """``workers.json``: what an operator (or a test) needs to find each process."""
    state = {
        "launcher_pid": os.getpid(), "url": settings.url, "ready": ready,
        "nginx": {"pid": nginx.pid, "host": settings.host, "port": settings.port},
        "workers": [{"index": w.index, "port": w.port, "pid": w.proc.pid if w.proc else None,
                     "restarts": w.restarts, "log": str(w.log)} for w in workers],
    }
    path = settings.run_dir / "workers.json"
    tmp = path.with_name(".workers.json.tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def _check_nginx_alive(nginx: subprocess.Popen, settings: Settings) -> None:
    if nginx.poll() is not None:
        raise LaunchError(f"nginx exited with code {nginx.returncode}:\n"
                          f"{_tail(settings.run_dir / 'error.log')}")


def wait_ready(workers: list[Worker], nginx: subprocess.Popen, settings: Settings) -> None:
    deadline = time.monotonic() + settings.startup_timeout
    while not all(w.healthy for w in workers):
        _check_nginx_alive(nginx, settings)
        for w in (w for w in workers if not w.healthy):
            if w.proc.poll() is not None:
                raise LaunchError(f"worker {w.index} exited with code {w.proc.returncode} "
                                  f"before it was ready; the end of {w.log}:\n{_tail(w.log)}")
            w.healthy = answers_ok("127.0.0.1", w.port, HEALTH_PATH, settings.health_timeout)
        if time.monotonic() > deadline:
            raise LaunchError(f"workers not healthy after {settings.startup_timeout:.0f} s; "
                              f"see the worker-*.log files in {settings.run_dir}")
        time.sleep(0.25)
    # Only now: asking nginx earlier would make it mark the starting workers as failed.
    while not answers_ok(_probe_host(settings.host), settings.port, "/healthz", 3):
        _check_nginx_alive(nginx, settings)
        if time.monotonic() > deadline:
            raise LaunchError(f"nginx does not answer /healthz; see {settings.run_dir}/error.log")
        time.sleep(0.25)


def announce(workers: list[Worker], nginx: subprocess.Popen, settings: Settings) -> None:
    for w in workers:
        print(f"worker {w.index}: http://127.0.0.1:{w.port}  pid {w.proc.pid}  log {w.log}",
              flush=True)
    print(f"Atlas: {settings.url}  (nginx pid {nginx.pid}, run dir {settings.run_dir}; "
          "Ctrl-C stops)", flush=True)


def _trouble(worker: Worker, settings: Settings) -> str | None:
    """Why ``worker`` must be restarted now, or None."""
    if worker.proc.poll() is not None:
        return f"exited with code {worker.proc.returncode}"
    if answers_ok("127.0.0.1", worker.port, HEALTH_PATH, settings.health_timeout):
        worker.healthy, worker.failures = True, 0
        return None
    if not worker.healthy and time.monotonic() - worker.started < settings.startup_timeout:
        return None  # still starting
    worker.failures += 1
    LOG.warning("worker %d (port %d) failed its health check (%d/%d)", worker.index,
                worker.port, worker.failures, settings.max_failures)
    if worker.failures >= settings.max_failures:
        return f"failed {worker.failures} health checks in a row"
    return None


def supervise_once(workers: list[Worker], settings: Settings) -> bool:
    """Restart the workers in trouble; True if any was."""
    restarted = False
    for w in workers:
        reason = _trouble(w, settings)
        if reason is None:
            continue
        LOG.warning("worker %d (port %d, pid %d) %s: restarting it", w.index, w.port,
                    w.proc.pid, reason)
        stop([w.proc], grace=0)  # dead or hung: nothing to shut down gracefully
        w.restarts += 1
        start_worker(w, settings)
        LOG.warning("worker %d restarted on port %d as pid %d", w.index, w.port, w.proc.pid)
        restarted = True
    return restarted


def _raise_shutdown(signum: int, _frame: FrameType | None) -> None:
    raise Shutdown(signal.Signals(signum).name)


def _on_stop_signals(handler: Callable[[int, FrameType | None], None] | signal.Handlers) -> None:
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


def run(settings: Settings) -> None:
    """Start everything, supervise until SIGINT/SIGTERM/SIGHUP, then stop everything."""
    nginx_bin = find_nginx(settings.nginx)
    check_port_free(settings.host, settings.port)
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    ports = free_ports(settings.workers)
    write_nginx_conf(nginx_bin, settings, ports)
    workers = [Worker(i, port, settings.run_dir / f"worker-{i}.log")
               for i, port in enumerate(ports, start=1)]
    nginx = None
    _on_stop_signals(_raise_shutdown)  # SIGINT already raises KeyboardInterrupt
    try:
        for w in workers:
            start_worker(w, settings)
        nginx = start_nginx(nginx_bin, settings)
        write_state(settings, workers, nginx, ready=False)
        wait_ready(workers, nginx, settings)
        write_state(settings, workers, nginx, ready=True)
        announce(workers, nginx, settings)
        while True:
            time.sleep(settings.check_interval)
            _check_nginx_alive(nginx, settings)
            if supervise_once(workers, settings):
                write_state(settings, workers, nginx, ready=True)
    finally:
        _on_stop_signals(signal.SIG_IGN)  # a second Ctrl-C must not leave orphans behind
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop([nginx])
        stop([w.proc for w in workers])
        LOG.info("nginx and %d workers stopped", len(workers))
