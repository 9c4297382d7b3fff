"""``devzone init`` refuses what the database cannot hold and a code that is not a city's (review findings): each
is a CommandError in Chinese naming the problem, raised before anything is written."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from devzone.core.models import AuditEvent, City, Zone
from devzone.core.tests.test_init import GOOD

pytestmark = pytest.mark.django_db


def init(**changes):
    call_command("init", **(GOOD | changes))


def nothing_written() -> bool:
    return not (
        City.objects.exists()
        or Zone.objects.exists()
        or get_user_model().objects.exists()
        or AuditEvent.objects.exists()
    )


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"zone": "区" * 61}, "开发区名称：.*60"),  # Zone.name max_length=60
        ({"admin": "a" * 151}, "用户名：.*150"),  # User.username max_length=150
        ({"admin": "admin user"}, "用户名："),  # the user-name validator refuses spaces
        ({"city": "济" * 51}, "370100.*济南市"),  # longer than City.name, and not the code's name either
    ],
    ids=["zone-too-long", "username-too-long", "username-with-space", "city-too-long"],
)
def test_it_refuses_values_the_database_cannot_hold(changes, message):
    with pytest.raises(CommandError, match=message):
        init(**changes)
    assert nothing_written()


def test_it_names_every_bad_value_at_once():
    with pytest.raises(CommandError) as exc:
        init(zone="区" * 61, admin="admin user")
    assert "开发区名称" in str(exc.value) and "用户名" in str(exc.value)
    assert nothing_written()


@pytest.mark.parametrize(
    "code,named",
    [("370000", "山东省"), ("370102", "历下区"), ("330354", "功能区"), ("370281", "胶州市")],
    ids=["province", "district", "zone-statistical-code", "county-level-city"],
)
def test_it_refuses_a_code_that_is_not_a_citys(code, named):
    with pytest.raises(CommandError, match=f"{code}.*{named}.*不是地级市"):
        init(city_code=code)
    assert nothing_written()


def test_it_refuses_a_code_of_another_city():
    with pytest.raises(CommandError, match="370200.*青岛市.*济南市.*不符"):
        init(city_code="370200")
    assert nothing_written()


def test_it_takes_the_citys_name_from_its_code_when_none_is_given():
    call_command("init", **{k: v for k, v in GOOD.items() if k != "city"} | {"city_code": "370200"})
    assert City.objects.values_list("name", "code").get() == ("青岛市", "370200")


@pytest.mark.parametrize(
    "code,name", [("110000", "北京市"), ("500000", "重庆市"), ("222400", "延边朝鲜族自治州")]
)
def test_a_municipality_or_an_autonomous_prefecture_is_a_city(code, name):
    init(city=name, city_code=code)
    assert City.objects.values_list("name", "code").get() == (name, code)
