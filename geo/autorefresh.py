"""The app refreshes the official layers by itself: in the background, at most once a day.

A viewer never waits for it: the refresh runs in a daemon thread, writes each layer's cache
atomically, and the pages notice the new files on their next rerun (their cache key is the
files' stamps). Several workers on one machine share the cache; a lock file makes one of them
do the work. Offline, the first service that cannot be reached ends the attempt at once and
the state says "offline", which the pages show once, quietly; the shipped stand-ins stay in
use. ``ATLAS_AUTO_REFRESH=0`` turns it off (tests, air-gapped booths).
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from geo.atomic import write_atomic
from geo.paths import CACHE_ROOT

STATE_DIR = CACHE_ROOT / "refresh"
INTERVAL = timedelta(days=1)
# A lock older than this belongs to a worker that died mid-refresh.
STALE_LOCK_S = 6 * 3600
OFFLINE_MARKERS = ("cannot reach", "did not answer within", "broke the connection")


@dataclass
class State:
    status: str = "never"  # never | running | done | offline | disabled
    started: str = ""
    finished: str = ""
    progress: str = ""
    results: dict[str, str] = field(default_factory=dict)

    @property
    def ok_layers(self) -> list[str]:
        return [k for k, v in self.results.items() if v == "ok"]


def _now() -> datetime:
    return datetime.now(UTC)


def read_state(state_dir: Path = STATE_DIR) -> State:
    try:
        raw = json.loads((state_dir / "state.json").read_text(encoding="utf-8"))
        return State(**{k: v for k, v in raw.items() if k in State.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return State()


def _write_state(state: State, state_dir: Path) -> None:
    state_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(state_dir / "state.json", json.dumps(asdict(state), ensure_ascii=False))


def due(state: State, now: datetime, interval: timedelta = INTERVAL) -> bool:
    """Whether a refresh should start: never tried, or the last attempt (done or offline) is
    older than the interval; a running one is not due unless its lock went stale."""
    if state.status in ("never", "disabled") or not state.started:
        return True
    try:
        started = datetime.fromisoformat(state.started)
    except ValueError:
        return True
    return now - started >= interval


def _take_lock(state_dir: Path) -> bool:
    state_dir.mkdir(parents=True, exist_ok=True)
    lock = state_dir / "lock"
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        try:
            if time.time() - lock.stat().st_mtime < STALE_LOCK_S:
                return False
            lock.unlink()
        except FileNotFoundError:
            pass
        return _take_lock(state_dir)
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    return True


def _release_lock(state_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (state_dir / "lock").unlink()


def _started() -> State:
    return State(status="running", started=_now().isoformat(timespec="seconds"))


def run_once(layer_ids: list[str], refresh: Callable[..., dict[str, str]],
             state_dir: Path = STATE_DIR, state: State | None = None, **refresh_args) -> State:
    """One refresh of every layer, the state kept up to date as it goes; stops at the first
    sign of having no network, so an offline booth costs one failed connection a day."""
    state = state or _started()
    _write_state(state, state_dir)
    last_write = [0.0]

    def progress(message: str) -> None:
        state.progress = message
        if time.monotonic() - last_write[0] > 1:
            last_write[0] = time.monotonic()
            _write_state(state, state_dir)

    try:
        for layer_id in layer_ids:
            outcome = refresh([layer_id], progress=progress, **refresh_args)[layer_id]
            state.results[layer_id] = outcome
            offline = outcome.startswith("failed") and any(m in outcome for m in OFFLINE_MARKERS)
            if offline and not state.ok_layers:
                state.status = "offline"
                break
        else:
            state.status = "done"
    finally:
        if state.status == "running":
            state.status = "done"
        state.finished = _now().isoformat(timespec="seconds")
        state.progress = ""
        _write_state(state, state_dir)
    return state


_thread: threading.Thread | None = None
_guard = threading.Lock()


def enabled() -> bool:
    return os.environ.get("ATLAS_AUTO_REFRESH", "1").strip().lower() not in ("0", "false", "no")


def maybe_start(layer_ids: list[str] | None = None, refresh: Callable | None = None,
                state_dir: Path = STATE_DIR, now: datetime | None = None,
                **refresh_args) -> State:
    """Start the daily refresh in the background if it is due and no worker is at it; return
    the state as it stands (cheap: one small file read), for the page to show."""
    global _thread
    if not enabled():
        return State(status="disabled")
    state = read_state(state_dir)
    if not due(state, now or _now()):
        return state
    with _guard:
        if _thread is not None and _thread.is_alive():
            return read_state(state_dir)
        if not _take_lock(state_dir):
            return read_state(state_dir)
        if refresh is None or layer_ids is None:
            from geo import refresh as refresh_module
            refresh = refresh or refresh_module.refresh
            layer_ids = layer_ids or refresh_module.refreshable()

        state = _started()
        _write_state(state, state_dir)  # before the thread runs: the page sees "running"

        def work() -> None:
            try:
                run_once(layer_ids, refresh, state_dir, state, **refresh_args)
            finally:
                _release_lock(state_dir)

        _thread = threading.Thread(target=work, name="atlas-refresh", daemon=True)
        _thread.start()
    return state


def wait(timeout: float | None = None) -> None:
    """For tests and scripts: block until the background refresh ends."""
    if _thread is not None:
        _thread.join(timeout)
