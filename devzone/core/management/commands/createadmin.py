import getpass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from devzone.core.errors import DomainError
from devzone.core.models import City
from devzone.core.services.setup import admin_create


class Command(BaseCommand):
    help = "Create a system administrator (系统管理员) for a city (a new installation: devzone init)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--city", help="city name (default: the only city)")
        parser.add_argument("--password", help="omit to be asked (recommended)")

    @transaction.atomic
    def handle(self, *args, username, city=None, password=None, **options):
        cities = City.objects.filter(name=city) if city else City.objects.all()
        if cities.count() != 1:
            raise CommandError("请用 --city 指定城市（须已存在；新安装请先运行 devzone init）")
        if password is None:
            password = getpass.getpass("密码：")
            if password != getpass.getpass("再次输入密码："):
                raise CommandError("两次输入的密码不一致")
        try:
            admin_create(username=username, password=password, city=cities.get())
        except DomainError as e:
            raise CommandError("；".join(e.messages())) from None
        self.stdout.write(self.style.SUCCESS(f"已创建系统管理员 {username}"))
