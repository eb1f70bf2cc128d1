"""``python -m deploy``: the one command that serves the atlas from several workers.

The options are the few things that differ between a laptop, a booth and a LAN server; the
rest (sticky cookie, timeouts, upload size) is fixed in deploy/cluster.py because the app
needs it to be so.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from deploy.cluster import REPO, LaunchError, Settings, Shutdown, run

LOG = logging.getLogger("deploy")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m deploy",
        description="Run N Streamlit workers of the atlas on loopback behind nginx, with "
                    "sticky sessions and health checks, until Ctrl-C or SIGTERM.")
    p.add_argument("--workers", type=_positive_int, default=2,
                   help="Streamlit processes; about one per core (default 2)")
    p.add_argument("--port", type=_port, default=8080, help="port nginx listens on (8080)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address nginx listens on: 127.0.0.1 (default) serves this machine "
                        "only; 0.0.0.0 or a LAN address exposes the atlas on the network. "
                        "The workers always stay on 127.0.0.1.")
    p.add_argument("--run-dir", type=Path,
                   help="nginx.conf, pid, logs, temp files and workers.json "
                        "(default: a new temporary directory)")
    p.add_argument("--cache-dir", type=Path, default=REPO / ".cache",
                   help="ATLAS_CACHE_DIR shared by all workers: the daily refresh cache "
                        "(default <repo>/.cache)")
    p.add_argument("--nginx", help="the nginx binary (default: nginx on PATH, else "
                                   "/usr/sbin/nginx)")
    p.add_argument("--check-interval", type=float, default=5.0,
                   help="seconds between health checks of each worker (5)")
    p.add_argument("--max-failures", type=_positive_int, default=3,
                   help="failed health checks in a row before a worker is restarted (3)")
    return p


def settings_from(argv: list[str] | None) -> Settings:
    args = parser().parse_args(argv)
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="atlas-deploy-"))
    return Settings(run_dir=run_dir.resolve(), workers=args.workers, host=args.host,
                    port=args.port, cache_dir=args.cache_dir.resolve(), nginx=args.nginx,
                    check_interval=args.check_interval, max_failures=args.max_failures)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s deploy: %(message)s",
                        datefmt="%H:%M:%S")
    settings = settings_from(argv)
    try:
        run(settings)
    except LaunchError as exc:
        print(f"deploy: error: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Shutdown):
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
