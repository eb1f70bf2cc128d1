"""Shared fixtures: a tiny synthetic dataset (tests/fixtures/mini) and ways to break it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from geo.load import Atlas, load_atlas

MINI = Path(__file__).parent / "fixtures" / "mini"
# The app refreshes official layers by itself when online; no test may reach the internet
# (tests of the refresh start it explicitly, against local stand-ins). Inherited by the app
# processes the browser tests start.
os.environ["ATLAS_AUTO_REFRESH"] = "0"


@pytest.fixture(scope="session")
def mini_atlas() -> Atlas:
    return load_atlas(MINI)


@pytest.fixture(scope="session")
def real_atlas() -> Atlas:
    return load_atlas()


@pytest.fixture
def data_copy(tmp_path: Path):
    """A writable copy of the mini dataset and a function to edit one of its files."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)

    def edit(name: str, old: str, new: str) -> Path:
        path = target / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return target

    edit.dir = target
    return edit
