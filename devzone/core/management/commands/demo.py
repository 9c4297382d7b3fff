from django.core.management import call_command
from django.core.management.base import BaseCommand

from devzone.core.demo import loader


class Command(BaseCommand):
    help = "Load the demo city (济南市, 济北经济开发区 in full). --reset wipes the database and rebuilds it."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="delete all data and load the demo again")
        parser.add_argument("--seed", type=int, default=2019)

    def handle(self, *args, reset=False, seed=2019, **options):
        if reset:
            call_command("flush", "--noinput", verbosity=0)
            from devzone.core.industries import rows
            from devzone.core.models import Industry

            for code, name, parent in rows():  # flush also emptied the reference data of migration 0002
                Industry.objects.update_or_create(code=code, defaults={"name": name, "parent_id": parent})
        elif loader.is_loaded():
            self.stdout.write("演示数据已存在（使用 --reset 重建）。")
            return
        loader.load(seed)
        from devzone.core.scheduler import ensure_jobs

        ensure_jobs()
        self.stdout.write(self.style.SUCCESS(f"演示数据已加载。演示账号密码：{loader.DEMO_PASSWORD}"))
        for username, _role, display, _zone in loader.ACCOUNTS:
            self.stdout.write(f"  {username:<11} {display}")
