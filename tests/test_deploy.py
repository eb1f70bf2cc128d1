"""``python -m deploy`` for real: two Streamlit workers behind nginx, on loopback.

Streamlit keeps a session in one worker's memory, so what matters is that one browser always
reaches one worker while different browsers spread, that the websocket gets through, and that
the launcher heals a dead worker and leaves nothing behind. One cluster serves the module (a
worker takes seconds to start); the tests run in file order and the last two break it on
purpose. Without nginx these skip, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import collections
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from websockets.sync.client import connect

from deploy.cluster import LaunchError, check_port_free, find_nginx
from geo.paths import ROOT

NGINX = Path("/usr/sbin/nginx")


@dataclass
class Cluster:
    proc: subprocess.Popen
    port: int
    run_dir: Path
    cache_dir: Path
    out: Path
    err: Path

    def state(self) -> dict:
        return json.loads((self.run_dir / "workers.json").read_text(encoding="utf-8"))

    def addresses(self) -> set[str]:
        return {f"127.0.0.1:{w['port']}" for w in self.state()["workers"]}


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def worker(self) -> str | None:
        return self.headers.get("X-Atlas-Worker")

    @property
    def sticky_cookie(self) -> str | None:
        cookies = [c for c in self.headers.get_all("Set-Cookie", []) if
                   c.startswith("atlas_worker=")]
        return cookies[0] if cookies else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str = "/", cookie: str | None = None) -> Reply:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        conn.close()


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} (waited {timeout:.0f} s)")
        time.sleep(0.2)


def _healthy(port: int) -> bool:
    try:
        reply = _get(port, "/_stcore/health")
    except OSError:
        return False
    return reply.status == 200 and reply.body == b"ok"


def _live_members(groups: set[int]) -> set[int]:
    """Processes (zombies aside) whose process group is one of ``groups``."""
    members = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) in groups:
            members.add(int(entry.name))
    return members


def _require_nginx() -> None:
    if NGINX.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{NGINX} is missing in CI: apt-get install nginx-light")
    pytest.skip(f"{NGINX} is not installed")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Cluster:
    _require_nginx()
    tmp = tmp_path_factory.mktemp("deploy")
    port = _free_port()
    out, err = tmp / "launcher.out", tmp / "launcher.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "deploy", "--workers", "2", "--port", str(port),
             "--run-dir", str(tmp / "run"), "--cache-dir", str(tmp / "cache"),
             "--check-interval", "1"],
            cwd=ROOT, env=dict(os.environ, ATLAS_AUTO_REFRESH="0"), stdout=stdout, stderr=stderr)
    try:
        _wait_for(lambda: proc.poll() is not None or "Atlas:" in out.read_text(), 60,
                  "the launcher never said it was ready")
        assert proc.poll() is None, f"the launcher exited:\n{err.read_text()}"
        yield Cluster(proc, port, tmp / "run", tmp / "cache", out, err)
    finally:
        _stop(proc)


def test_the_launcher_names_each_worker_and_the_url(cluster):
    printed = cluster.out.read_text()
    state = cluster.state()
    assert state["ready"] and len(state["workers"]) == 2
    for w in state["workers"]:
        assert f"worker {w['index']}: http://127.0.0.1:{w['port']}  pid {w['pid']}" in printed
    assert f"http://127.0.0.1:{cluster.port}/" in printed
    assert len(cluster.addresses()) == 2


def test_every_worker_shares_the_cache_dir_and_inherits_the_environment(cluster):
    for w in cluster.state()["workers"]:
        raw = Path(f"/proc/{w['pid']}/environ").read_bytes().split(b"\0")
        env = dict(item.decode().split("=", 1) for item in raw if b"=" in item)
        assert env["ATLAS_CACHE_DIR"] == str(cluster.cache_dir)
        assert env["ATLAS_AUTO_REFRESH"] == "0"


def test_healthz_the_page_and_static_files_come_through_the_proxy(cluster):
    health = _get(cluster.port, "/healthz")
    assert (health.status, health.body) == (200, b"ok")
    assert health.worker in cluster.addresses()
    page = _get(cluster.port, "/")
    assert page.status == 200 and b'<div id="root">' in page.body
    icon = _get(cluster.port, "/app/static/icon.svg")
    assert icon.status == 200 and icon.headers["Content-Type"].startswith("image/svg")


def test_a_client_that_keeps_its_cookie_always_reaches_the_same_worker(cluster):
    first_workers = set()
    for _ in range(20):
        first = _get(cluster.port, "/")
        cookie = first.sticky_cookie
        assert cookie is not None, "a request without the cookie must get one"
        assert {"Path=/", "HttpOnly", "SameSite=Lax"} <= {p.strip() for p in cookie.split(";")}
        first_workers.add(first.worker)
        pair = cookie.split(";")[0]
        for path in ("/", "/_stcore/health", "/app/static/icon.svg", "/_stcore/host-config",
                     "/healthz"):
            later = _get(cluster.port, path, cookie=pair)
            assert later.worker == first.worker, path
            assert later.sticky_cookie is None, "a client with the cookie keeps it"
    assert first_workers == cluster.addresses(), "20 browsers all pinned to one worker"


def test_fresh_clients_are_spread_over_both_workers(cluster):
    seen = collections.Counter(_get(cluster.port, "/_stcore/health").worker for _ in range(40))
    assert set(seen) == cluster.addresses()
    assert min(seen.values()) >= 4, seen


def test_the_websocket_upgrades_through_the_proxy_on_the_sticky_worker(cluster):
    first = _get(cluster.port, "/")
    cookie = first.sticky_cookie.split(";")[0]
    # Named as a LAN browser would name it: Streamlit admits the websocket only if the Origin
    # matches the Host it sees, so nginx must pass the Host on with its port.
    site = f"atlas.example:{cluster.port}"
    sock = socket.create_connection(("127.0.0.1", cluster.port), timeout=10)
    with connect(f"ws://{site}/_stcore/stream", sock=sock, subprotocols=["streamlit"],
                 origin=f"http://{site}", open_timeout=10,
                 additional_headers={"Cookie": cookie}) as ws:
        assert ws.response.status_code == 101
        assert ws.subprotocol == "streamlit"
        assert ws.response.headers["X-Atlas-Worker"] == first.worker


def test_a_killed_worker_is_restarted_on_its_port(cluster):
    victim = cluster.state()["workers"][0]
    os.kill(victim["pid"], signal.SIGKILL)

    def replaced() -> bool:
        now = cluster.state()["workers"][0]
        return now["pid"] != victim["pid"] and now["restarts"] == 1

    _wait_for(replaced, 30, "the launcher did not restart the killed worker")
    _wait_for(lambda: _healthy(victim["port"]), 60, "the restarted worker never became healthy")
    assert cluster.state()["workers"][0]["port"] == victim["port"]
    assert f"worker 1 (port {victim['port']}, pid {victim['pid']}) exited" in \
        cluster.err.read_text()
    assert cluster.proc.poll() is None
    assert _get(cluster.port, "/healthz").status == 200


def test_sigterm_stops_nginx_and_every_worker(cluster):
    state = cluster.state()
    groups = {state["nginx"]["pid"], *(w["pid"] for w in state["workers"])}
    before = _live_members(groups)
    assert len(before) >= 4, before  # nginx master and worker, two Streamlit processes
    cluster.proc.send_signal(signal.SIGTERM)
    assert cluster.proc.wait(30) == 0, cluster.err.read_text()
    assert _live_members(groups) == set()
    with pytest.raises(OSError):
        _get(cluster.port, "/healthz")


def test_a_taken_port_is_a_clear_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(LaunchError, match=f"127.0.0.1:{port}: Address already in use"):
            check_port_free("127.0.0.1", port)


def test_a_missing_nginx_says_how_to_install_it(tmp_path):
    with pytest.raises(LaunchError, match="apt-get install nginx-light"):
        find_nginx(str(tmp_path / "nginx"))
    run = subprocess.run([sys.executable, "-m", "deploy", "--nginx", str(tmp_path / "nginx"),
                          "--run-dir", str(tmp_path / "run")],
                         cwd=ROOT, capture_output=True, text=True, timeout=30, check=False)
    assert run.returncode == 1
    assert "apt-get install nginx-light" in run.stderr and "Traceback" not in run.stderr
