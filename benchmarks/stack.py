"""The production shape on this machine, started and stopped by the load runner and the
fault scripts: a private PostgreSQL cluster, a private Redis, the moto S3 server, gunicorn,
a Celery worker and beat. Never the shared PostgreSQL (5432) or Redis (6379): other
processes use them. Each service lives in its own temporary directory and process group,
so that a fault script may kill it (`kill -9` of the group) and start it again.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
VENV_BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port} after {timeout} s")


def _pg_bin(name: str) -> str:
    for candidate in [f"/usr/local/bin/{name}", *sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))]:
        if Path(candidate).exists():
            return str(candidate)
    return name


class Process:
    """A child in its own process group (so that kill -9 takes its children too)."""

    def __init__(self, args, *, env=None, log: Path, cwd=ROOT):
        self.args, self.env, self.log, self.cwd = args, env, log, cwd
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            self.args,
            env=self.env,
            cwd=self.cwd,
            stdout=open(self.log, "ab"),  # noqa: SIM115 - the child owns it
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def stop(self):
        self.kill(signal.SIGTERM)

    def children(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]


class Redis:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ops-redis-"))
        self.process = Process(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            log=self.dir / "redis.log",
        )

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process.start()
        wait_port(self.port)
        return self

    def stop(self):
        self.process.kill()

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Postgres:
    """A private cluster (initdb as the `postgres` user when run as root: initdb refuses root)."""

    def __init__(self, port: int | None = None, *, max_connections: int = 200):
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ops-pg-"))
        self.data = self.dir / "data"
        self.max_connections = max_connections
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return subprocess.run([*prefix, *args], check=check, capture_output=True, text=True)

    def init(self):
        self._run(
            _pg_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.dir}'\n"
                f"max_connections = {self.max_connections}\nfsync = on\nshared_buffers = 128MB\n"
            )
        return self

    def start(self):
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "pg.log"), "-w", "start")
        return self

    def stop(self, mode="fast"):
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self, mode="fast"):
        self._run(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "pg.log"),
            "-m",
            mode,
            "-w",
            "restart",
        )

    def url(self, db="portal") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def createdb(self, db="portal"):
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", db], check=True
        )

    def psql(self, sql: str, db="portal") -> str:
        return subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-tAc", sql, db],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def close(self):
        self.stop(mode="immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class Moto:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ops-moto-"))
        self.process = Process(
            [str(VENV_BIN / "moto_server"), "-p", str(self.port)], log=self.dir / "moto.log"
        )

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, bucket="portal-private"):
        self.process.start()
        wait_port(self.port)
        import boto3

        boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="eu-west-3",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        ).create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
        return self

    def close(self):
        self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def portal_env(*, database_url: str, broker_url: str, s3_url: str | None = None, extra=None) -> dict:
    """The environment of every portal process (web, worker, beat, scripts)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    if s3_url:
        env.update(
            {
                "AWS_STORAGE_BUCKET_NAME": "portal-private",
                "AWS_S3_ENDPOINT_URL": s3_url,
                "AWS_ACCESS_KEY_ID": "test",
                "AWS_SECRET_ACCESS_KEY": "test",
            }
        )
    env.update(extra or {})
    return env


def gunicorn(env: dict, *, port: int, workers: int = 3, threads: int = 4, log: Path, timeout: int = 60):
    return Process(
        [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            str(timeout),
            "--graceful-timeout",
            "5",
            "--access-logfile",
            "-",
            "--access-logformat",
            "%(s)s %(m)s %(U)s %(L)s %({x-gunicorn-pid}o)s %(p)s",
        ],
        env=env,
        log=log,
    )


def celery_worker(env: dict, *, log: Path, concurrency: int = 2):
    return Process(
        [
            str(VENV_BIN / "celery"),
            "-A",
            "config",
            "worker",
            "-c",
            str(concurrency),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        log=log,
    )


def celery_beat(env: dict, *, log: Path, schedule_dir: Path):
    return Process(
        [
            str(VENV_BIN / "celery"),
            "-A",
            "config",
            "beat",
            "--loglevel",
            "WARNING",
            "-s",
            str(schedule_dir / "beat-schedule"),
        ],
        env=env,
        log=log,
    )
