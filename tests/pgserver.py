"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, listen on a unix
socket only, drop everything at the end.

Debian's server binaries live in /usr/lib/postgresql/NN/bin (not on PATH). initdb refuses to run
as root, so as root the cluster belongs to the ``postgres`` system user (the Debian package
creates it) and is started through ``runuser``. ``start()`` returns None with the reason when no
server can start, so the Postgres tests skip and say why.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    url: str          # postgresql:// URL of the cluster's ``postgres`` database
    folder: Path
    bin: Path
    user: str | None  # the system user running it (None: this process's user)

    def stop(self) -> None:
        if not self.folder.exists():
            return
        _run(self, [str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
             check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def find_bin() -> Path | None:
    env = os.environ.get("ALLEGEDLY_PG_BIN")
    if env:
        return Path(env)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _run(server_or_user, argv: list[str], check: bool = True) -> subprocess.CompletedProcess:
    user = server_or_user.user if isinstance(server_or_user, Server) else server_or_user
    if user:
        argv = ["runuser", "-u", user, "--", *argv]
    return subprocess.run(argv, capture_output=True, text=True, check=check, timeout=120)


def start() -> tuple[Server | None, str]:
    """A running server, or None and why not."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "psycopg is not installed (pip install 'psycopg[binary]')"
    bin_dir = find_bin()
    if bin_dir is None:
        return None, "no PostgreSQL server binaries (apt-get install postgresql, or set ALLEGEDLY_PG_BIN)"
    user = None
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return None, "running as root and runuser is missing: initdb refuses root"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return None, "running as root and there is no 'postgres' user to run initdb as"
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="allegedly-pg-"))
    folder.chmod(0o755)
    if user:
        shutil.chown(folder, user)
    server = Server(url="", folder=folder, bin=bin_dir, user=user)
    try:
        _run(server, [str(bin_dir / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres",
                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        port = _free_port()
        opts = (f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                f"-c full_page_writes=off -c max_connections=60 -c shared_buffers=64MB")
        _run(server, [str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-o", opts, "-l",
                      str(folder / "server.log"), "-w", "-t", "60", "start"])
    except (subprocess.SubprocessError, OSError) as exc:
        log = (folder / "server.log")
        detail = getattr(exc, "stderr", "") or (log.read_text()[-500:] if log.exists() else "")
        server.stop()
        return None, f"could not start a PostgreSQL server: {exc} {detail}".strip()
    server.url = f"postgresql://postgres@/postgres?host={folder}&port={port}"
    for _ in range(50):  # pg_ctl -w returns when the server accepts; make sure the socket answers
        try:
            import psycopg

            psycopg.connect(server.url, connect_timeout=5).close()
            break
        except Exception:  # noqa: BLE001
            time.sleep(0.2)
    return server, ""


_SHARED: tuple[Server | None, str] | None = None


def shared() -> tuple[Server | None, str]:
    """The one server of this test process (started on first use, stopped at exit), or None and why not."""
    global _SHARED
    if _SHARED is None:
        _SHARED = start()
        if _SHARED[0] is not None:
            import atexit

            atexit.register(_SHARED[0].stop)
    return _SHARED


def schema_url(server: Server) -> str:
    """The URL of a new, empty schema on ``server``: each store its own tables, one server for all."""
    import psycopg

    global _schemas
    _schemas += 1
    name = f"store_{os.getpid()}_{_schemas}"
    with psycopg.connect(server.url, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {name}")
    return f"{server.url}&options=-csearch_path%3D{name}"


_schemas = 0


def _free_port() -> int:
    import socket

    with socket.socket() as s:  # the socket file's name only; nothing listens on TCP
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
