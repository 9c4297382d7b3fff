import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from devzone.core.choices import Role
from devzone.core.models import City, Profile


class Command(BaseCommand):
    help = "Create a system administrator (系统管理员) for a city."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--city", help="city name (default: the only city)")
        parser.add_argument("--password", help="omit to be asked (recommended)")

    @transaction.atomic
    def handle(self, *args, username, city=None, password=None, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户已存在：{username}")
        cities = City.objects.filter(name=city) if city else City.objects.all()
        if cities.count() != 1:
            raise CommandError("请用 --city 指定城市（须已存在）")
        if password is None:
            password = getpass.getpass("密码：")
            if password != getpass.getpass("再次输入密码："):
                raise CommandError("两次输入的密码不一致")
        user = User(username=username, is_staff=True, is_superuser=True)
        try:
            validate_password(password, user)
        except ValidationError as e:
            raise CommandError("；".join(e.messages))
        user.set_password(password)
        user.save()
        Profile.objects.create(user=user, role=Role.SYSADMIN, city=cities.get(), display_name="系统管理员")
        self.stdout.write(self.style.SUCCESS(f"已创建系统管理员 {username}"))
