"""Keep GDAL from following an uploaded file anywhere else.

GDAL picks a driver by content, not by name. A file called ``x.kml`` that holds
``<OGRVRTDataSource>`` is opened by the VRT driver, which then opens whatever local path the file
names (checked: it read a CSV elsewhere on disk). Other drivers reach the network (HTTP, WFS,
OAPIF, …), run programs (GPSBabel) or run pipelines (GDALG). None of them is a format we accept.

``GDAL_SKIP`` drops drivers when GDAL registers them, which pyogrio does on import; so
:func:`install` sets it before pyogrio is first imported, and when pyogrio came first it
deregisters them through pyogrio's own libgdal. :func:`assert_safe` is checked before every read.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

UNSAFE_DRIVERS = (
    "OGR_VRT", "GDALG", "GPSBabel", "HTTP", "WFS", "OAPIF", "OGCAPI", "CSW", "Elasticsearch",
    "Carto", "AmigoCloud", "NGW", "PLSCENES", "EEDA", "ADBC", "AIVector", "SQLite", "PGDUMP",
    "MapML", "GeoRSS", "OSM", "MBTiles", "PMTiles", "MVT",
)


class UnsafeGDAL(RuntimeError):
    """A driver that can leave the uploaded file is still registered; uploads are refused."""


def install() -> None:
    skipped = set(filter(None, os.environ.get("GDAL_SKIP", "").split()))
    os.environ["GDAL_SKIP"] = " ".join(sorted(skipped | set(UNSAFE_DRIVERS)))
    if "pyogrio" in sys.modules:
        _deregister(_registered())


def _registered() -> list[str]:
    import pyogrio

    drivers = pyogrio.list_drivers()
    return [name for name in UNSAFE_DRIVERS if name in drivers]


def _libgdal() -> ctypes.CDLL | None:
    import pyogrio

    libs = sorted((Path(pyogrio.__file__).parent.parent / "pyogrio.libs").glob("libgdal*"))
    names = [str(p) for p in libs] or ["libgdal.so"]
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def _deregister(names: list[str]) -> None:
    lib = _libgdal() if names else None
    if lib is None:
        return
    lib.GDALGetDriverByName.restype = ctypes.c_void_p
    lib.GDALGetDriverByName.argtypes = [ctypes.c_char_p]
    lib.GDALDeregisterDriver.argtypes = [ctypes.c_void_p]
    lib.GDALDestroyDriver.argtypes = [ctypes.c_void_p]
    for name in names:
        handle = lib.GDALGetDriverByName(name.encode())
        if handle:
            lib.GDALDeregisterDriver(handle)
            lib.GDALDestroyDriver(handle)


def assert_safe() -> None:
    left = _registered()
    if left:
        raise UnsafeGDAL(f"GDAL drivers still registered: {', '.join(left)}")
