"""CI's check of the README's run command: it serves what it prints, then leaves nothing behind.

    .venv/bin/python infra/smoke.py                 the README's first command, as written
    .venv/bin/python infra/smoke.py --unreachable   the same with PostgreSQL and Redis unreachable:
                                                    the embedded servers must serve it

Starts the README's first command in the background (its own process group, no terminal), waits
for /sante/ on port 8000 (database, Redis and a Celery worker answer), requests every URL it printed
with that URL's Host (200 or 302), logs in as a coordinator on a residence host and as the head
office on the bare domain (password, then the TOTP code of `manage.py demo_code`), stops it (Ctrl+C
to the whole group, or SIGTERM to the script alone with --sigterm) and checks that no process of
the checkout is left (web, worker, beat, embedded servers) and that port 8000 is free.
--unreachable points the defaults at a closed port (APES_DEFAULT_PG_PORT / APES_DEFAULT_REDIS_PORT)
and unsets DATABASE_URL / REDIS_URL: the real servers keep running, the command does not see them.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse

import psutil

ROOT = Path(__file__).resolve().parents[1]
PORT = 8000
BARE = "localhost"
DEMO_PASSWORD = "participactives-demo"
COORDINATOR = "coordination1@lapes.demo"
HEAD_OFFICE = "siege@lapes.demo"


def log(message: str) -> None:
    print(f"[smoke] {message}", flush=True)


def readme_run_command() -> str:
    """The README's first command: the first line of its first ```bash block."""
    text = (ROOT / "README.md").read_text()
    block = re.search(r"```bash\n(.*?)```", text, re.S)
    assert block, "README.md has no ```bash block"
    return block.group(1).strip().splitlines()[0]


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def closed_port() -> int:
    """A port where nothing listens (and nothing we start will: below the embedded servers' ports)."""
    for port in range(20000, 20100):
        if not port_open(port):
            return port
    raise SystemExit("no closed port found between 20000 and 20100")


class Browser:
    """One visitor on one host: its cookies, no redirect followed (the status is what we check)."""

    def __init__(self, host: str):
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        headers = {"Host": f"{self.host}:{PORT}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response

    def login(self, email: str, code=None) -> None:
        page = self.request("GET", "/connexion/")
        assert page.status == 200, (self.host, "login page", page.status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.request("POST", "/connexion/", {"csrfmiddlewaretoken": token, "username": email,
                                                         "password": DEMO_PASSWORD})
        assert response.status == 302, (self.host, email, "password refused", response.status)
        if code is not None:
            location = response.headers["Location"]
            if not location.startswith("/connexion/verification/"):
                # The second factor is asked by the first page requested after the password.
                response = self.request("GET", location)
                location = response.headers.get("Location", "")
            assert response.status == 302 and location.startswith("/connexion/verification/"), (
                email, "no second factor asked", response.status, location)
            for attempt in range(2):
                page = self.request("GET", location)
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
                response = self.request("POST", location, {"csrfmiddlewaretoken": token, "code": code()})
                if response.status == 302:
                    break
                # The code of this 30-second window may have been used already (replay refused): the next one.
                time.sleep(31 - time.time() % 30)
            assert response.status == 302, (email, "second factor refused", response.status)


def demo_code(env: dict) -> str:
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "manage.py", "demo_code"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True, timeout=120).stdout
    return out.strip().splitlines()[-1]


def ours(process: psutil.Process) -> bool:
    """A process of this checkout: working directory in it, or its path on the command line."""
    try:
        cwd = process.cwd()
        cmdline = " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False
    inside = cwd == str(ROOT) or cwd.startswith(str(ROOT) + os.sep)
    return inside or f"{ROOT}{os.sep}" in cmdline


def leftovers(known: set[int], since: float) -> list[psutil.Process]:
    """Processes started since `since` (by the run command) that are still alive."""
    me = psutil.Process()
    spared = {me.pid, *(p.pid for p in me.parents())}
    mine = {p.pid for p in me.children(recursive=True)}
    found = []
    for process in psutil.process_iter():
        if process.pid in spared:
            continue
        try:
            # A sibling in our own process group (`smoke.py | tail`) is the caller's, not the run command's:
            # the run command has a process group of its own.
            if process.pid not in mine and os.getpgid(process.pid) == os.getpgid(0):
                continue
        except (ProcessLookupError, PermissionError):
            continue
        try:
            if process.status() == psutil.STATUS_ZOMBIE or process.create_time() < since:
                continue
        except psutil.NoSuchProcess:
            continue
        if process.pid in known or ours(process):
            found.append(process)
    return found


def describe(process: psutil.Process) -> str:
    try:
        return f"{process.pid} {' '.join(process.cmdline())[:160]}"
    except psutil.Error:
        return str(process.pid)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unreachable", action="store_true", help="PostgreSQL and Redis unreachable: embedded servers")
    parser.add_argument("--sigterm", action="store_true", help="stop with SIGTERM to the script (default: Ctrl+C)")
    parser.add_argument("--timeout", type=int, default=1500, help="seconds to wait for /sante/")
    args = parser.parse_args()
    started = time.monotonic()

    command = readme_run_command()
    log(f"README's run command: {command}")
    assert command == "bash infra/dev.sh up", f"the README's first command changed: {command!r}"
    if port_open(PORT):
        raise SystemExit(f"port {PORT} is already taken: stop what listens there first")
    env = dict(os.environ)
    env.pop("PORT", None)
    if args.unreachable:
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        closed = closed_port()
        env["APES_DEFAULT_PG_PORT"] = env["APES_DEFAULT_REDIS_PORT"] = str(closed)
        log(f"PostgreSQL and Redis defaults pointed at the closed port {closed}")

    output = ROOT / "var" / f"smoke-{'embedded' if args.unreachable else 'default'}.log"
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w") as out:
        # Its words as written, no shell in between: the process we signal is the script itself.
        # Processes created from now on are the run command's (create_time has a 10 ms tick): a pipeline's
        # sibling of this script (`smoke.py | tail`) started with it, before our imports, is not.
        since = time.time() - 0.05
        run = subprocess.Popen(shlex.split(command), cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out,
                               stderr=subprocess.STDOUT, start_new_session=True)
    known: set[int] = set()
    failure = None
    try:
        browser = Browser(BARE)
        while True:
            if run.poll() is not None:
                raise AssertionError(f"the run command exited ({run.returncode}) before serving")
            try:
                known |= {c.pid for c in psutil.Process(run.pid).children(recursive=True)}
            except psutil.NoSuchProcess:
                pass
            if port_open(PORT):
                try:
                    if browser.request("GET", "/sante/").status == 200:
                        break
                except (OSError, http.client.HTTPException):
                    pass
            if time.monotonic() - started > args.timeout:
                raise AssertionError(f"/sante/ did not answer 200 within {args.timeout} s")
            time.sleep(2)
        log(f"/sante/ answers 200 on port {PORT} after {time.monotonic() - started:.0f} s")
        known |= {c.pid for c in psutil.Process(run.pid).children(recursive=True)}
        text = output.read_text()
        lines = [line for line in text.splitlines() if line.startswith(("PostgreSQL :", "Redis :"))]
        for line in lines:
            log(f"start line: {line}")
        assert len(lines) == 2, "the start lines saying which PostgreSQL and Redis are used are missing"
        if args.unreachable:
            assert all("embarqué" in line for line in lines), "the embedded servers are not the ones used"

        # What the command printed before the processes started (runserver prints its own 0.0.0.0 URL).
        printed = text.split("Arrêt : Ctrl+C.")[0]
        urls = sorted(set(re.findall(r"http://([a-z0-9.-]+):(\d+)/", printed)))
        assert urls and all(port == str(PORT) for _, port in urls), f"URLs printed with another port: {urls}"
        hosts = sorted({host for host, _ in urls})
        residences = [h for h in hosts if h.endswith(f".{BARE}")]
        assert BARE in hosts and len(residences) >= 6, f"the head office and the 6 demo residences: {hosts}"
        for host in hosts:
            status = Browser(host).request("GET", "/").status
            assert status in (200, 302), (host, status)
            log(f"http://{host}:{PORT}/ → {status}")

        coordinator_host = re.search(rf"{re.escape(COORDINATOR)}\s+http://([a-z0-9.-]+):{PORT}/", printed).group(1)
        coordinator = Browser(coordinator_host)
        coordinator.login(COORDINATOR)
        home = coordinator.request("GET", "/")
        assert home.status == 200 and "deconnexion" in home.text, ("coordinator home", home.status)
        log(f"{COORDINATOR} logged in on {coordinator_host}: home page 200")

        head_office = Browser(BARE)
        head_office.login(HEAD_OFFICE, code=lambda: demo_code(env))
        page = head_office.request("GET", "/pilotage/")
        assert page.status == 200 and "deconnexion" in page.text, ("head office /pilotage/", page.status)
        log(f"{HEAD_OFFICE} logged in (password + TOTP) on {BARE}: /pilotage/ 200")
        favicon = Browser(coordinator_host).request("GET", "/favicon.ico")
        assert favicon.status == 200, ("favicon", favicon.status)
    except AssertionError as exc:
        failure = f"FAILED: {exc}"
    finally:
        if run.poll() is None:
            known |= {c.pid for c in psutil.Process(run.pid).children(recursive=True)}
            if args.sigterm:
                log("stopping: SIGTERM to the run command's script")
                os.kill(run.pid, signal.SIGTERM)
            else:
                log("stopping: Ctrl+C (SIGINT to its process group)")
                os.killpg(run.pid, signal.SIGINT)
            try:
                run.wait(timeout=120)
            except subprocess.TimeoutExpired:
                failure = failure or "FAILED: the run command did not stop within 120 s"
        log(f"run command exited with {run.returncode}")
        for _ in range(15):  # a worker's pool processes may take a moment after their parent
            left = leftovers(known, since)
            if not left:
                break
            time.sleep(1)
        if left:
            failure = failure or ("FAILED: processes left behind: " + "; ".join(describe(p) for p in left))
            for process in left:  # leave the machine clean for the next step anyway
                try:
                    process.kill()
                except psutil.Error:
                    pass
            if args.unreachable:
                subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "infra/embedded.py", "stop"], cwd=ROOT)
        elif port_open(PORT):
            failure = failure or f"FAILED: port {PORT} still answers after the stop"
        else:
            log("nothing left behind: no process of the checkout, port 8000 free")
    if failure:
        print(output.read_text()[-6000:])
        log(failure)
        return 1
    log(f"OK in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
