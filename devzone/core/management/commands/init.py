import getpass

from django.core.management.base import BaseCommand, CommandError

from devzone.core.choices import ZoneLevel
from devzone.core.errors import DomainError
from devzone.core.services.setup import installation_init


class Command(BaseCommand):
    help = "Set up a new installation without the demo: the city, its first zone and the first administrator."

    def add_arguments(self, parser):
        parser.add_argument(
            "--city",
            default="",
            help="city name as GB/T 2260 spells it, e.g. 济南市 (default: the code's name)",
        )
        parser.add_argument(
            "--city-code",
            required=True,
            help="GB/T 2260 code of a prefecture-level city (or 地区, 自治州, 盟) or municipality, e.g. 370100",
        )
        parser.add_argument("--zone", required=True, help="the first zone's name")
        parser.add_argument("--zone-level", default=ZoneLevel.NATIONAL, choices=ZoneLevel.values)
        parser.add_argument("--admin", required=True, help="the first administrator's user name")
        parser.add_argument("--password", help="omit to be asked (recommended)")

    def handle(self, *args, city_code, city="", zone, zone_level, admin, password=None, **options):
        if password is None:
            password = getpass.getpass("管理员密码：")
            if password != getpass.getpass("再次输入密码："):
                raise CommandError("两次输入的密码不一致")
        try:
            c, z, _user = installation_init(
                city_name=city,
                city_code=city_code,
                zone_name=zone,
                zone_level=zone_level,
                admin_username=admin,
                admin_password=password,
            )
        except DomainError as e:
            raise CommandError("；".join(e.messages())) from None
        self.stdout.write(
            self.style.SUCCESS(f"已初始化：{c.name}（{c.code}）· {z.name} · 系统管理员 {admin}")
        )
