#!/usr/bin/env python3
"""`make cluster`: the production layout on this machine, under load, with parts killed.

Builds, on loopback addresses and Unix sockets only:

* a PostgreSQL primary and a streaming replica: two new Debian clusters
  (pg_createcluster; the replica from pg_basebackup), on ports 5440 and 5441,
  reached through their Unix sockets only (listen_addresses is empty);
* two Odoo servers with 2 HTTP workers each, sharing one data_dir; server A
  runs the cron worker, server B none; both read from the replica
  (db_replica_host, db_replica_port);
* nginx (Debian's package, installed when missing) in front of them on
  127.0.0.1:8480, /websocket routed to their gevent ports.

Then Locust (tools/locustfile.py: ClusterMember, Coordinator) loads the portal,
the tandem kanban and the members' writes while faults are injected, each at
the start of a phase of its own: kill -9 of one HTTP worker, of the whole
server B (then started again), the replica stopped (then started again), the
cron worker killed while it writes the proposals of a large program's
matching (which must end as failed, keep nothing, and run again to the end),
and a restart of the primary. tools/cluster_data.py checks afterwards that
every acknowledged write is there and that no rule was broken. The report
gives, per phase, the requests, the errors, p50 and p95 of /my and how long
the fault disturbed the service.

Everything is stopped and the two clusters are dropped at the end, whatever
happens (and at the start, if an earlier run was killed before its end).
Needs root (or sudo) for pg_createcluster and apt-get. Exits 1 when a check
fails, 2 when a part could not start.
"""

import argparse
import contextlib
import getpass
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dev
from dev import CACHE_DIR, ROOT, die, run, say

DATABASE = "reverse_mentoring_cluster"
SOCKETS = "/var/run/postgresql"
PRIMARY = ("rm_cluster_primary", 5440)
REPLICA = ("rm_cluster_replica", 5441)
# PostgreSQL's settings in both clusters: sockets only, room for both servers.
PG_SETTINGS = {"listen_addresses": "''", "max_connections": 150}
# Odoo server: (name, HTTP port, cron threads); the gevent port is the next one.
SERVERS = (("a", 8400, 1), ("b", 8402, 0))
NGINX_PORT = 8480
WORK = CACHE_DIR / "cluster"
# A fault's errors must stop within this many seconds of it.
DISTURBANCE_LIMIT = 10.0
REFERENCE = dev.LOAD_REFERENCE
# The users of tools/locustfile.py: members who also write, and coordinators.
USER_CLASSES = ("ClusterMember", "Coordinator")
WORKER_ALIVE = re.compile(r"Worker (WorkerHTTP|WorkerCron) \((\d+)\) alive")

NGINX_CONF = """\
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx_error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx_body;
    proxy_temp_path {work}/nginx_proxy;
    fastcgi_temp_path {work}/nginx_fastcgi;
    uwsgi_temp_path {work}/nginx_uwsgi;
    scgi_temp_path {work}/nginx_scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream odoo {{
{http}
    }}
    upstream odoo_websocket {{
{websocket}
    }}
    server {{
        listen 127.0.0.1:{port};
        proxy_read_timeout 720s;
        proxy_connect_timeout 2s;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Real-IP $remote_addr;
        # A server that refuses the connection or drops it: the next one.
        # nginx passes a POST on only when it could not send it.
        proxy_next_upstream error timeout;
        location /websocket {{
            proxy_pass http://odoo_websocket;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
        }}
        location / {{
            proxy_pass http://odoo;
        }}
    }}
}}
"""


class PartFailed(Exception):
    """A part of the layout could not start: the run stops with exit 2."""


def pg_version():
    return sorted((p.name for p in Path("/usr/lib/postgresql").iterdir()), key=float)[
        -1
    ]


def as_postgres(cmd):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return ["sudo", "-n", "-u", "postgres", *cmd]


def root(cmd):
    prefixed = dev.as_root(cmd)
    if prefixed is None:
        die("make cluster creates PostgreSQL clusters: it needs root or sudo.")
    return prefixed


def query(port, sql, database="postgres"):
    """The rows of `sql` on the cluster at `port`, in a connection of its own."""
    import psycopg2  # pylint: disable=import-outside-toplevel

    with contextlib.closing(
        psycopg2.connect(host=SOCKETS, port=port, dbname=database, connect_timeout=3)
    ) as connection:
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute(sql)
            return cr.fetchall() if cr.description else []


def wait_until(what, probe, timeout, interval=0.5):
    """Seconds until `probe()` is true; PartFailed after `timeout` seconds."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        with contextlib.suppress(Exception):
            if probe():
                return time.monotonic() - start
        time.sleep(interval)
    raise PartFailed(f"{what}: not within {timeout} s")


# ------------------------------------------------------------------ PostgreSQL


def drop_clusters(version):
    listed = run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    names = {line.split()[1] for line in listed.stdout.splitlines() if line.strip()}
    for name, _port in (REPLICA, PRIMARY):
        if name in names:
            say(f"dropping the PostgreSQL cluster {version}/{name}")
            run(root(["pg_dropcluster", "--stop", version, name]), check=False)


def create_cluster(version, name, port):
    run(
        root(["pg_createcluster", version, name, "-p", str(port)]),
        stdout=subprocess.DEVNULL,
    )
    settings = Path(f"/etc/postgresql/{version}/{name}/conf.d/cluster.conf")
    settings.write_text(
        "".join(f"{key} = {value}\n" for key, value in PG_SETTINGS.items())
    )


def pg_ctl(version, name, action):
    """pg_ctlcluster: stop and restart in its "fast" mode (sessions ended)."""
    run(root(["pg_ctlcluster", version, name, action]))


def start_postgres(version, stack):
    """The primary, its role for this user, the replica from pg_basebackup."""
    name, port = PRIMARY
    stack.callback(drop_clusters, version)
    say(f"PostgreSQL {version}: primary {name} on port {port} (sockets only)")
    create_cluster(version, name, port)
    pg_ctl(version, name, "start")
    user = getpass.getuser()
    run(
        as_postgres(["createuser", "-h", SOCKETS, "-p", str(port), "--superuser", user])
    )
    replica, replica_port = REPLICA
    say(f"replica {replica} on port {replica_port}, from pg_basebackup of the primary")
    create_cluster(version, replica, replica_port)
    data = Path(f"/var/lib/postgresql/{version}/{replica}")
    shutil.rmtree(data)
    run(as_postgres(["mkdir", "-m", "700", str(data)]))
    run(
        as_postgres(
            [
                f"/usr/lib/postgresql/{version}/bin/pg_basebackup",
                *("-h", SOCKETS, "-p", str(port), "-D", str(data)),
                *("-X", "stream", "-R", "-c", "fast"),
            ]
        )
    )
    pg_ctl(version, replica, "start")
    wait_until("the replica streaming from the primary", replica_streams, 60)


def replica_streams():
    return query(PRIMARY[1], "SELECT state FROM pg_stat_replication") == [
        ("streaming",)
    ]


# ------------------------------------------------------------------ the database

# What the saved database is made of: a change to any of them builds it anew.
DATABASE_SOURCES = (
    *dev.ADDONS,
    "tools/load_data.py",
    "tools/cluster_program.py",
    "tools/bench_matching.py",
)


def database_key():
    digest = hashlib.sha1()
    for source in DATABASE_SOURCES:
        path = ROOT / source
        for file in sorted([path] if path.is_file() else path.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(ROOT).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def save_database(saved):
    """Keep the built database, its filestore and its descriptions for the
    next run: building them takes minutes, restoring them seconds."""
    for old in CACHE_DIR.glob("cluster-db-*"):
        shutil.rmtree(old)
    partial = saved.with_suffix(".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    run(["pg_dump", "-Fc", "-f", str(partial / "database.dump"), DATABASE])
    shutil.make_archive(
        str(partial / "filestore"), "tar", WORK / "data" / "filestore" / DATABASE
    )
    for name in ("load_data.json", "program.json"):
        shutil.copy(WORK / name, partial / name)
    partial.rename(saved)


def restore_database(saved):
    run(["createdb", DATABASE])
    run(
        [
            "pg_restore",
            "-j",
            "2",
            "--no-owner",
            "-d",
            DATABASE,
            str(saved / "database.dump"),
        ]
    )
    shutil.unpack_archive(
        saved / "filestore.tar", WORK / "data" / "filestore" / DATABASE, "tar"
    )
    for name in ("load_data.json", "program.json"):
        shutil.copy(saved / name, WORK / name)


# ------------------------------------------------------------------ Odoo

# gevent 22.10 (Odoo 18's pin for Python 3.11) loads its plugins through
# pkg_resources, which finds no distribution installed under a normalized
# name (zope_event-5.1+, zope_interface-8+ from a recent pip install): Odoo's
# gevent process, the one that serves /websocket, then dies at its start.
GEVENT_PINS = ("zope.event==5.0", "zope.interface==7.2")
GEVENT_PROBE = "import gevent.monkey; gevent.monkey.patch_all()"


def odoo_python():
    """A Python whose Odoo can start its gevent process: Odoo's own, or a
    virtual environment on top of it with GEVENT_PINS when Odoo's cannot."""
    if not run(
        [sys.executable, "-c", GEVENT_PROBE], check=False, capture_output=True
    ).returncode:
        return sys.executable
    venv = CACHE_DIR / "odoo-gevent-venv"
    python = str(venv / "bin" / "python")
    if not venv.exists():
        run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)])
    if run([python, "-c", GEVENT_PROBE], check=False, capture_output=True).returncode:
        say(
            "Odoo's gevent process cannot start with this Python's zope.event and "
            f"zope.interface; installing {' '.join(GEVENT_PINS)} from PyPI into {venv}"
        )
        run([python, "-m", "pip", "install", "--quiet", *GEVENT_PINS])
    probe = run(
        [python, "-c", GEVENT_PROBE], check=False, capture_output=True, text=True
    )
    if probe.returncode:
        raise PartFailed(f"gevent cannot patch Odoo's Python:\n{probe.stderr}")
    return python


class Server:
    """An Odoo server of the cluster, with its own process group and log."""

    def __init__(self, name, port, cron_threads, python):
        self.name = name
        self.python = python
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = WORK / f"odoo_{name}.log"
        self.process = None
        self.config = dev.odoo_config(
            f"cluster_{name}",
            db_host=SOCKETS,
            db_port=PRIMARY[1],
            db_replica_host=SOCKETS,
            db_replica_port=REPLICA[1],
            db_name=DATABASE,
            dbfilter=f"^{DATABASE}$",
            list_db=False,
            data_dir=WORK / "data",
            proxy_mode=True,
            http_interface="127.0.0.1",
            http_port=port,
            gevent_port=port + 1,
            workers=2,
            max_cron_threads=cron_threads,
            db_maxconn=8,
            log_level="warn",
            # The workers' pids, to kill them.
            log_handler=":WARNING,odoo.service.server:INFO",
        )

    def start(self):
        with open(self.log_path, "a", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [self.python, dev.odoo_bin(), "server", "-c", str(self.config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        start = time.monotonic()
        wait_until(
            f"Odoo server {self.name} on {self.url} (its log: {self.log_path})",
            self.answers,
            180,
        )
        return time.monotonic() - start

    def answers(self):
        import urllib.request  # pylint: disable=import-outside-toplevel

        if self.process.poll() is not None:
            raise PartFailed(
                f"Odoo server {self.name} stopped (exit {self.process.returncode}): "
                f"{self.log_path}"
            )
        with urllib.request.urlopen(f"{self.url}/web/login", timeout=5) as answer:
            return answer.status == 200

    def kill(self):
        """kill -9 of the server and all its processes."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def worker(self, kind):
        """The pid of a live worker of `kind` (WorkerHTTP, WorkerCron)."""
        pids = [
            int(pid)
            for found, pid in WORKER_ALIVE.findall(self.log_path.read_text())
            if found == kind
        ]
        for pid in reversed(pids):
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{pid}/stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    return pid
        raise PartFailed(f"no live {kind} in server {self.name}'s log")


def start_nginx(stack):
    dev.ensure_debian({"nginx": "nginx"})
    conf = WORK / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            work=WORK,
            port=NGINX_PORT,
            http="\n".join(
                f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
                for _name, port, _cron in SERVERS
            ),
            websocket="\n".join(
                f"        server 127.0.0.1:{port + 1} max_fails=1 fail_timeout=5s;"
                for _name, port, _cron in SERVERS
            ),
        )
    )
    run(["nginx", "-t", "-q", "-c", str(conf), "-p", str(WORK)])
    log = open(WORK / "nginx.log", "w", encoding="utf-8")  # noqa: SIM115
    process = subprocess.Popen(
        ["nginx", "-c", str(conf), "-p", str(WORK), "-g", "daemon off;"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def stop():
        process.terminate()
        process.wait(timeout=30)
        log.close()

    stack.callback(stop)
    url = f"http://127.0.0.1:{NGINX_PORT}"
    wait_until(f"nginx on {url}", lambda: websocket_upgrades(url), 30)
    say(f"nginx on {url}: pages to both servers, /websocket to their gevent ports")
    return url


def websocket_upgrades(url):
    """Whether nginx upgrades a websocket handshake to Odoo's gevent process."""
    import socket  # pylint: disable=import-outside-toplevel

    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(
            (
                "GET /websocket HTTP/1.1\r\n"
                f"Host: {host}:{port}\r\nOrigin: {url}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: cmV2ZXJzZW1lbnRvcmluZw==\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        return connection.recv(100).startswith(b"HTTP/1.1 101")


# ------------------------------------------------------------------ the run


class Phases:
    """The moments of the run: each phase from its start to the next one's."""

    def __init__(self):
        self.marks = []  # (name, start, notes)

    def start(self, name):
        say(f"phase: {name}")
        self.marks.append([name, time.time(), {}])
        return self.marks[-1][2]

    def wait(self, seconds):
        time.sleep(max(0.0, self.marks[-1][1] + seconds - time.time()))


class Coordinator:
    """The program's coordinator (admin) on the web client, through nginx."""

    def __init__(self, url):
        import requests  # pylint: disable=import-outside-toplevel

        self.url = url
        self.session = requests.Session()
        page = self.session.get(f"{url}/web/login", timeout=60)
        self.session.post(
            f"{url}/web/login",
            data={
                "login": "admin",
                "password": "admin",
                "csrf_token": re.search(
                    r'name="csrf_token" value="([^"]+)"', page.text
                ).group(1),
            },
            timeout=60,
        ).raise_for_status()

    def match(self, program_id):
        answer = self.session.post(
            f"{self.url}/web/dataset/call_kw/mentoring.program/action_open_matching",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": "mentoring.program",
                    "method": "action_open_matching",
                    "args": [[program_id]],
                    "kwargs": {},
                },
            },
            timeout=120,
        ).json()
        if "result" not in answer:
            raise PartFailed(f"Match was refused: {answer.get('error')}")


def matching(program_id):
    rows = query(
        PRIMARY[1],
        "SELECT coalesce(m.state, 'idle'), m.progress, m.message, "
        "(SELECT count(*) FROM mentoring_matching_wizard_line l "
        "  WHERE l.wizard_id = m.wizard_id) + "
        "(SELECT count(*) FROM mentoring_matching_wizard_unmatched u "
        "  WHERE u.wizard_id = m.wizard_id) "
        "FROM mentoring_program p LEFT JOIN mentoring_matching m "
        f"ON m.program_id = p.id WHERE p.id = {int(program_id)}",
        DATABASE,
    )
    return rows[0]


def kill_the_matching(server_a, coordinator, program_id, notes):
    """Match; kill -9 the cron worker while it writes the proposals; the
    program must show the failure with no proposal, then match to the end."""
    killed_at = None
    coordinator.match(program_id)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        state, progress, _message, _lines = matching(program_id)
        if state == "running" and progress >= 80:
            pid = server_a.worker("WorkerCron")
            os.kill(pid, signal.SIGKILL)
            killed_at = time.monotonic()
            say(f"  killed the cron worker {pid} at {progress} % of the matching")
            break
        if state in ("ready", "failed"):
            raise PartFailed(f"the matching ended ({state}) before it could be killed")
        time.sleep(0.02)
    if killed_at is None:
        raise PartFailed("the matching did not reach the writing of its proposals")
    wait_until(
        "the killed matching shown as failed",
        lambda: matching(program_id)[0] == "failed",
        180,
    )
    _state, _progress, message, lines = matching(program_id)
    notes["failed after"] = time.monotonic() - killed_at
    notes["proposals kept by the killed run"] = lines
    say(f"  failed after {notes['failed after']:.1f} s, {lines} proposals kept")
    say(f"  the program says: {message}")
    coordinator.match(program_id)
    wait_until(
        "the matching run again to the end",
        lambda: matching(program_id)[0] == "ready",
        300,
    )
    _state, progress, message, lines = matching(program_id)
    notes["ran again in"] = time.monotonic() - killed_at - notes["failed after"]
    notes["proposals of the second run"] = lines
    say(f"  ran again to the end: {message}")


def read_requests(path):
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def percentile(values, share):
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(phases, requests, end):
    """Print the figures per phase; return whether every fault's errors stopped
    within DISTURBANCE_LIMIT and the steady and recovery phases had none."""
    say(
        f"{'phase':<34}{'requests':>9}{'errors':>7}{'/my p50':>8}{'/my p95':>8}"
        f"{'disturbed':>10}  recovery"
    )
    met = True
    bounds = [mark[1] for mark in phases.marks[1:]] + [end]
    for (name, start, notes), stop in zip(phases.marks, bounds, strict=True):
        inside = [r for r in requests if start <= r[0] < stop]
        errors = [r for r in inside if not r[3]]
        mine = [r[2] for r in inside if r[1] == REFERENCE and r[3]]
        disturbed = max((r[0] for r in errors), default=start) - start
        fault = name not in ("steady", "recovery")
        met = met and (disturbed <= DISTURBANCE_LIMIT if fault else not errors)
        recovery = ", ".join(
            f"{key} {value:.1f} s" if isinstance(value, float) else f"{key} {value}"
            for key, value in notes.items()
        )
        say(
            f"{name:<34}{len(inside):>9}{len(errors):>7}{percentile(mine, 0.5):>8.0f}"
            f"{percentile(mine, 0.95):>8.0f}{disturbed:>9.1f}s  {recovery}"
        )
    say(
        f"target: errors stop within {DISTURBANCE_LIMIT:.0f} s of each fault, none "
        f"in the steady and recovery phases: {'met' if met else 'NOT met'}"
    )
    return met


def faults(phases, servers, coordinator, version, program_id, phase_time):
    server_a, server_b = servers
    phases.start("steady")
    replica_reads = query(
        REPLICA[1],
        f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{DATABASE}'",
    )[0][0]
    phases.marks[-1][2]["connections on the replica"] = replica_reads
    if not replica_reads:
        raise PartFailed("no Odoo worker reads from the replica")
    phases.wait(phase_time)
    phases.start("kill -9 an HTTP worker of A")
    os.kill(server_a.worker("WorkerHTTP"), signal.SIGKILL)
    phases.wait(phase_time)
    phases.start("kill -9 the whole server B")
    server_b.kill()
    phases.wait(phase_time)
    notes = phases.start("server B started again")
    notes["B answers after"] = server_b.start()
    phases.wait(phase_time)
    phases.start("replica stopped")
    pg_ctl(version, REPLICA[0], "stop")
    phases.wait(phase_time)
    notes = phases.start("replica started again")
    pg_ctl(version, REPLICA[0], "start")
    notes["streams after"] = wait_until("the replica streaming", replica_streams, 60)
    phases.wait(phase_time)
    notes = phases.start("cron worker killed in a matching")
    kill_the_matching(server_a, coordinator, program_id, notes)
    phases.wait(phase_time)
    notes = phases.start("PostgreSQL primary restarted")
    pg_ctl(version, PRIMARY[0], "restart")
    notes["replica streams after"] = wait_until(
        "the replica streaming", replica_streams, 60
    )
    phases.wait(phase_time)
    phases.start("recovery")
    phases.wait(phase_time)


def locust_command(locust, url, users, run_time):
    return dev.locust_command(locust, url, users, run_time, classes=USER_CLASSES)


def cluster(args, stack):
    dev.require_odoo()
    dev.ensure_pypi(dev.RUN_DISTRIBUTIONS)
    dev.ensure_pypi(dev.addon_python_dependencies())
    if not shutil.which("pg_createcluster"):
        dev.ensure_debian(dev.TEST_DEBIAN)
    version = pg_version()
    drop_clusters(version)
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    locust = dev.locust_python()
    start_postgres(version, stack)
    # psql and click-odoo of the database's build reach the primary.
    os.environ.update(PGHOST=SOCKETS, PGPORT=str(PRIMARY[1]))
    python = odoo_python()
    servers = [Server(*server, python) for server in SERVERS]
    config = str(servers[0].config)
    data_path = WORK / "load_data.json"
    program_path = WORK / "program.json"
    saved = CACHE_DIR / f"cluster-db-{database_key()}"
    if saved.is_dir():
        say(f"restoring the database saved in {saved} (same addons and tools)")
        restore_database(saved)
    else:
        dev.build_database(config, DATABASE, "rk")
        run(
            [sys.executable, str(ROOT / "tools" / "load_data.py"), "-c", config]
            + ["-d", DATABASE, "--out", str(data_path)]
        )
        run(
            [sys.executable, str(ROOT / "tools" / "cluster_data.py"), "prepare"]
            + ["-c", config, "-d", DATABASE, "--out", str(program_path)]
        )
        save_database(saved)
    program_id = json.loads(program_path.read_text())["program_id"]
    for server in servers:
        stack.callback(server.stop)
        say(f"Odoo server {server.name} on {server.url} (log: {server.log_path})")
        server.start()
    url = start_nginx(stack)
    load_env = {
        **os.environ,
        "RM_LOAD_DATA": str(data_path),
        "RM_LOAD_SESSIONS": str(WORK / "sessions.json"),
        "RM_LOAD_WRITES": str(WORK / "writes.jsonl"),
    }
    say("logging the mentors and the coordinator in, warming up (not measured)")
    run([locust, str(ROOT / "tools" / "locustfile.py"), url], env=load_env)
    run(
        locust_command(locust, url, 4, "20s"),
        env=load_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    (WORK / "writes.jsonl").unlink(missing_ok=True)
    coordinator = Coordinator(url)
    requests_path = WORK / "requests.jsonl"
    say(f"Locust: {args.users} users through nginx, faults every {args.phase} s")
    load = subprocess.Popen(
        locust_command(locust, url, args.users, "20m"),
        env={**load_env, "RM_LOAD_REQUESTS": str(requests_path)},
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    stack.callback(lambda: load.poll() is None and load.kill())
    phases = Phases()
    try:
        faults(phases, servers, coordinator, version, program_id, args.phase)
    finally:
        # The figures of the phases run so far, even when a part failed.
        end = time.time()
        load.send_signal(signal.SIGTERM)
        load.wait(timeout=60)
        met = report(phases, read_requests(requests_path), end)
    say("checking the database: acknowledged writes, capacity, invitations, notes")
    checked = run(
        [sys.executable, str(ROOT / "tools" / "cluster_data.py"), "check"]
        + ["-c", config, "-d", DATABASE, "--writes", str(WORK / "writes.jsonl")],
        check=False,
    )
    notes = next(m[2] for m in phases.marks if m[0].startswith("cron worker"))
    half_written = notes["proposals kept by the killed run"]
    if half_written:
        say(f"FAILED: the killed matching kept {half_written} proposals")
    passed = met and not checked.returncode and not half_written
    say(f"make cluster: {'PASSED' if passed else 'FAILED'}")
    return passed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--phase", type=float, default=25, help="seconds of each phase")
    args = parser.parse_args()

    def stop(signum, _frame):
        raise SystemExit(f"stopped by signal {signum}")

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    with contextlib.ExitStack() as stack:
        try:
            passed = cluster(args, stack)
        except (PartFailed, subprocess.CalledProcessError) as error:
            sys.stderr.write(f"make cluster: a part could not start or work: {error}\n")
            passed = None
        say("stopping nginx, Locust and Odoo; dropping the PostgreSQL clusters")
    sys.exit(2 if passed is None else 0 if passed else 1)


if __name__ == "__main__":
    main()
