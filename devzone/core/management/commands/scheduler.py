import signal
import threading

from django.core.management.base import BaseCommand

from devzone.core import scheduler


class Command(BaseCommand):
    help = "Enqueue periodic jobs when due (safe to run more than one: each run is claimed once)."

    def add_arguments(self, parser):
        parser.add_argument("--poll", type=float, default=5.0, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="check once and exit")

    def handle(self, *args, poll=5.0, once=False, **options):
        if once:
            scheduler.ensure_jobs()
            for name in scheduler.tick():
                self.stdout.write(f"enqueued {name}")
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"scheduler running, polling every {poll}s")
        scheduler.run_forever(poll, stop)
