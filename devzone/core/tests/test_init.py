"""A new installation without the demo (issue 17: "a city cannot be created without the demo"): ``devzone init``
creates the city (GB/T 2260 code checked), its first zone and the first administrator, who can log in; bad input
is refused in Chinese and leaves the database as it was; a second init is refused."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from devzone.core.choices import Role
from devzone.core.models import AuditEvent, City, Profile, Zone

pytestmark = pytest.mark.django_db
GOOD = {
    "city": "济南市",
    "city_code": "370100",
    "zone": "济南新旧动能转换起步区",
    "admin": "admin",
    "password": "Kaifaqu-2026!x",
}


def init(**changes):
    args = GOOD | changes
    call_command(
        "init",
        city=args["city"],
        city_code=args["city_code"],
        zone=args["zone"],
        admin=args["admin"],
        password=args["password"],
    )


def test_init_creates_the_city_its_first_zone_and_an_administrator_who_can_log_in():
    init()
    city = City.objects.get()
    assert (city.name, city.code) == ("济南市", "370100")
    assert Zone.objects.get().city == city
    admin = Profile.objects.get(role=Role.SYSADMIN)
    assert admin.city == city and admin.user.username == "admin"
    assert AuditEvent.objects.filter(note__startswith="初始化").count() == 2
    assert admin.user.is_active and admin.user.check_password(GOOD["password"])


def test_the_citys_administrator_is_no_superuser_of_the_django_admin(client):
    """The Django admin reads every city's rows past ``for_user``: a city's administrator works in the app, and
    break-glass is the server operator's (``devzone createsuperuser``, docs/operations.md)."""
    init()
    user = get_user_model().objects.get(username="admin")
    assert not user.is_superuser and not user.is_staff
    client.force_login(user)
    assert client.get("/admin/core/city/").status_code == 302  # to the admin's own login


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"city_code": "999999"}, "行政区划代码"),
        ({"city_code": "3701"}, "行政区划代码"),
        ({"zone": "  "}, "开发区名称"),
        ({"password": "123456"}, r"\S"),  # the site's password rules, in their own words
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(changes, message):
    with pytest.raises(CommandError, match=message):
        init(**changes)
    assert not City.objects.exists() and not Zone.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_a_second_init_is_refused():
    init()
    with pytest.raises(CommandError, match="已经初始化"):
        init(admin="admin2")
    assert City.objects.count() == 1


def test_createadmin_adds_an_administrator_to_the_city():
    init()
    call_command("createadmin", "admin2", password=GOOD["password"])
    assert Profile.objects.filter(role=Role.SYSADMIN).count() == 2
    with pytest.raises(CommandError, match="用户已存在"):
        call_command("createadmin", "admin2", password=GOOD["password"])


def test_the_health_check_answers_without_a_login(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok", "database": "ok"}
    assert "sessionid" not in r.cookies


def test_the_health_check_says_when_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def down(self, sql, params=None):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", down)
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["database"] == "down"
