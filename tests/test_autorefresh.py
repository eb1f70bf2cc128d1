"""The app's own daily refresh: in the background, once a day, one worker at a time, quiet
and quick when offline."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from geo import autorefresh
from geo.autorefresh import State, due, maybe_start, read_state, run_once


@pytest.fixture(autouse=True)
def enabled(monkeypatch):
    monkeypatch.setenv("ATLAS_AUTO_REFRESH", "1")
    yield
    autorefresh.wait(5)


def fake_refresh(outcomes: dict[str, str], gate: threading.Event | None = None):
    calls = []

    def refresh(layer_ids, progress, **_kwargs):
        calls.extend(layer_ids)
        progress(f"{layer_ids[0]}: 10 of 20 features")
        if gate is not None:
            gate.wait(5)
        return {layer_ids[0]: outcomes[layer_ids[0]]}
    return refresh, calls


def test_runs_in_the_background_and_records_each_layer(tmp_path):
    gate = threading.Event()
    refresh, calls = fake_refresh({"a": "ok", "b": "failed, previous version kept: HTTP 500"},
                                  gate)
    started = time.monotonic()
    state = maybe_start(["a", "b"], refresh, tmp_path)
    assert time.monotonic() - started < 1, "a viewer must never wait for the refresh"
    assert state.status == "running"
    assert (tmp_path / "lock").exists()
    gate.set()
    autorefresh.wait(5)
    done = read_state(tmp_path)
    assert done.status == "done" and done.ok_layers == ["a"]
    assert done.results["b"].startswith("failed")
    assert calls == ["a", "b"]
    assert not (tmp_path / "lock").exists()


def test_not_again_within_a_day_but_again_after(tmp_path):
    refresh, calls = fake_refresh({"a": "ok"})
    maybe_start(["a"], refresh, tmp_path)
    autorefresh.wait(5)
    later = datetime.now(UTC) + timedelta(hours=23)
    assert maybe_start(["a"], refresh, tmp_path, now=later).status == "done"
    autorefresh.wait(5)
    assert calls == ["a"]
    maybe_start(["a"], refresh, tmp_path, now=datetime.now(UTC) + timedelta(hours=25))
    autorefresh.wait(5)
    assert calls == ["a", "a"]


def test_offline_stops_at_the_first_unreachable_service(tmp_path):
    refresh, calls = fake_refresh({k: "failed, previous version kept: cannot reach "
                                      "https://geocatmin.ingemmet.gob.pe: Name or service not known"
                                   for k in "abc"})
    state = run_once(["a", "b", "c"], refresh, tmp_path)
    assert state.status == "offline" and calls == ["a"]


def test_another_worker_holding_the_lock_means_no_second_refresh(tmp_path):
    (tmp_path / "lock").write_text("12345")
    refresh, calls = fake_refresh({"a": "ok"})
    maybe_start(["a"], refresh, tmp_path)
    autorefresh.wait(5)
    assert calls == []


def test_a_stale_lock_from_a_dead_worker_is_taken_over(tmp_path):
    lock = tmp_path / "lock"
    lock.write_text("12345")
    old = time.time() - autorefresh.STALE_LOCK_S - 60
    import os
    os.utime(lock, (old, old))
    refresh, calls = fake_refresh({"a": "ok"})
    maybe_start(["a"], refresh, tmp_path)
    autorefresh.wait(5)
    assert calls == ["a"]


def test_disabled_by_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_AUTO_REFRESH", "0")
    refresh, calls = fake_refresh({"a": "ok"})
    assert maybe_start(["a"], refresh, tmp_path).status == "disabled"
    assert calls == [] and not (tmp_path / "state.json").exists()


def test_due_reads_a_damaged_state_as_never(tmp_path):
    (tmp_path / "state.json").write_text("{not json")
    assert read_state(tmp_path) == State()
    assert due(State(status="done", started="garbage"), datetime.now(UTC))
