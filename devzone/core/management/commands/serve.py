"""Serve DevZone: the web server (gunicorn), the background worker and the scheduler, together."""

import os
import shutil
import signal
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from devzone.core.supervise import Child, Supervisor


class Command(BaseCommand):
    help = (
        "Serve DevZone with gunicorn, plus a task worker and the scheduler (restarted when they die; "
        "Ctrl-C stops all three)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-background", action="store_true", help="web server only")

    def handle(self, *args, host, port, workers, no_background=False, **options):
        devzone = [sys.executable, "-m", "devzone.cli"]
        env = os.environ.copy()
        hosts = set(filter(None, env.get("DEVZONE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")))
        env["DEVZONE_ALLOWED_HOSTS"] = ",".join(sorted(hosts | {host}))
        # /metrics adds up every gunicorn worker's counts (prometheus-client's multiprocess mode); a new start
        # begins from zero, as Prometheus expects of a restarted process
        metrics_dir = Path(settings.VAR_DIR) / "metrics"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        helpers = []
        if not no_background:
            helpers = [
                Child("worker", [*devzone, "worker"], env),
                Child("scheduler", [*devzone, "scheduler"], env),
            ]
        web = Child(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "devzone.wsgi:application",
                "--config",
                "python:devzone.core.gunicorn_conf",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--logger-class",
                "devzone.core.accesslog.AccessLogger",
                "--graceful-timeout",
                "10",
            ],
            env,
        )
        supervisor = Supervisor(web, helpers)
        signal.signal(signal.SIGTERM, supervisor.stop)
        signal.signal(signal.SIGINT, supervisor.stop)
        self.stdout.write(self.style.SUCCESS(f"DevZone: http://{host}:{port}/  (Ctrl-C 停止)"))
        status = supervisor.run()
        if status:
            raise SystemExit(status)
