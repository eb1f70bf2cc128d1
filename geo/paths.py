"""Where things live. Everything is relative to the repository, so a clean clone just works."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
# Streamlit serves ./static next to app.py at /app/static/ when enableStaticServing is on.
STATIC_DIR = ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
VENDOR_URL = "/app/static/vendor"
NODE_MODULES = ROOT / "node_modules"
# What the app fetches (official layers, refresh state): git-ignored, shared by the workers of
# one machine; ATLAS_CACHE_DIR moves it (a shared volume, a test's temporary folder).
CACHE_ROOT = Path(os.environ.get("ATLAS_CACHE_DIR") or ROOT / ".cache")


def data_dir() -> Path:
    """The CSVs to load; ATLAS_DATA_DIR points the app at others (tests, a data pull request)."""
    return Path(os.environ.get("ATLAS_DATA_DIR") or DATA_DIR)
