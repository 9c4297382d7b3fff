from django.core.management import call_command
from django.core.management.base import BaseCommand

from devzone.core.heartbeat import Heartbeat, new_worker_id


class Command(BaseCommand):
    help = (
        "Run background tasks from the database queue (django-tasks-db's worker), with a heartbeat: a thread "
        "records this worker as alive every few seconds, so that the scheduler never queues again a slow task "
        "whose worker still runs it (core.heartbeat)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, interval=2.0, batch=False, **options):
        worker_id = new_worker_id()
        argv = ["--interval", str(interval), "--worker-id", worker_id]
        if batch:
            argv.append("--batch")
        heartbeat = Heartbeat(worker_id).start()
        try:
            call_command("db_worker", *argv)
        finally:
            heartbeat.stop()
