"""Serve DevZone: the web server (gunicorn), the background worker and the scheduler, together."""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve DevZone with gunicorn, plus a task worker and the scheduler (Ctrl-C stops all three)."

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
        children = []
        if not no_background:
            children.append(subprocess.Popen([*devzone, "worker"], env=env))
            children.append(subprocess.Popen([*devzone, "scheduler"], env=env))
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "devzone.wsgi:application",
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
            env=env,
        )
        children.append(web)
        self.stdout.write(self.style.SUCCESS(f"DevZone: http://{host}:{port}/  (Ctrl-C 停止)"))

        def stop(*_):
            for p in children:
                if p.poll() is None:
                    p.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(p.poll() is None for p in children):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for p in children:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
