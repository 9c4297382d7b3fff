from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background tasks from the database queue (django-tasks-db's worker)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, interval=2.0, batch=False, **options):
        argv = ["--interval", str(interval)]
        if batch:
            argv.append("--batch")
        call_command("db_worker", *argv)
