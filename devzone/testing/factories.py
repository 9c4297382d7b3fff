"""factory_boy factories for the core tables. Every factory builds a consistent graph: a post's department,
a staff member's department and a project's enterprise belong to the row's own zone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from devzone.core import models as m
from devzone.core.choices import (
    AreaKind,
    DepartmentKind,
    Education,
    EmploymentType,
    Gender,
    ProjectPhase,
    Rank,
    Role,
)
from devzone.core.codes import make_credit_code, make_project_code

# A password every factory user has; strong enough for the validators. Hashed once (argon2 is slow on
# purpose) and reused, so a test can log in through the real login form.
PASSWORD = "Kaifaqu-2025!"
_PASSWORD_HASH: str | None = None


def password_hash() -> str:
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = make_password(PASSWORD)
    return _PASSWORD_HASH


def credit_code_for(n: int) -> str:
    """A valid unified social credit code, different for every ``n``."""
    return make_credit_code("91", "370100", f"{n % 10**8:08d}")


def project_code_for(n: int) -> str:
    """A valid project code (GB/T 40058 format), different for every ``n``."""
    return make_project_code("2412", "370100", "04", "01", f"{n % 10**5:05d}")


def industry(code: str) -> m.Industry:
    return m.Industry.objects.get(code=code)


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.City

    name = factory.Sequence(lambda n: f"测试市{n}")
    code = factory.Sequence(lambda n: f"{370100 + n:06d}")


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Zone

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"测试开发区{n}")
    short_name = ""


class InZoneFactory(factory.django.DjangoModelFactory):
    """A row of a zone: a zone of its own unless ``zone`` is given (no model: abstract)."""

    zone = factory.SubFactory(ZoneFactory)


class AreaFactory(InZoneFactory):
    class Meta:
        model = m.Area

    name = factory.Sequence(lambda n: f"片区{n}")
    kind = AreaKind.PARK


class DepartmentFactory(InZoneFactory):
    class Meta:
        model = m.Department

    name = factory.Sequence(lambda n: f"部门{n}")
    kind = DepartmentKind.GENERAL
    headcount_quota = 10


class PostFactory(InZoneFactory):
    class Meta:
        model = m.Post

    department = factory.SubFactory(DepartmentFactory, zone=factory.SelfAttribute("..zone"))
    name = factory.Sequence(lambda n: f"岗位{n}")
    rank = Rank.STAFF
    value_coefficient = Decimal("1.20")
    headcount = 1


class StaffFactory(InZoneFactory):
    class Meta:
        model = m.Staff

    department = factory.SubFactory(DepartmentFactory, zone=factory.SelfAttribute("..zone"))
    post = None
    employee_no = factory.Sequence(lambda n: f"JB{n:05d}")
    name = factory.Sequence(lambda n: f"职员{n}")
    gender = Gender.FEMALE
    birth_date = dt.date(1990, 5, 1)
    education = Education.BACHELOR
    employment_type = EmploymentType.CONTRACT
    rank = Rank.STAFF
    hired_on = dt.date(2015, 3, 1)
    phone = ""


class EnterpriseFactory(InZoneFactory):
    class Meta:
        model = m.Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.Sequence(credit_code_for)
    industry = factory.LazyFunction(lambda: industry("39"))


class ProjectFactory(InZoneFactory):
    class Meta:
        model = m.Project

    enterprise = factory.SubFactory(EnterpriseFactory, zone=factory.SelfAttribute("..zone"))
    name = factory.Sequence(lambda n: f"测试项目{n}")
    industry = factory.LazyFunction(lambda: industry("13"))
    project_code = factory.Sequence(project_code_for)
    total_investment = Decimal("5000.00")
    phase = ProjectPhase.SIGNED
    signed_on = dt.date(2025, 3, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.LazyFunction(password_hash)
    is_active = True


class ProfileFactory(factory.django.DjangoModelFactory):
    """A user with a role. Pass ``zone`` for zone roles, ``city`` for city roles, ``enterprise`` for an
    enterprise user (its zone is taken from the enterprise)."""

    class Meta:
        model = m.Profile

    user = factory.SubFactory(UserFactory)
    role = Role.ZONE_LEADER
    display_name = factory.Sequence(lambda n: f"用户{n}")
    zone = None
    city = None
    enterprise = None
    staff = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        enterprise = kwargs.get("enterprise")
        if enterprise is not None and kwargs.get("zone") is None:
            kwargs["zone"] = enterprise.zone
        profile = model_class(*args, **kwargs)
        profile.full_clean(exclude=["user"])
        profile.save()
        return profile


def user_with_role(role: str, **profile_kwargs):
    """A saved user with a profile of ``role``; returns the user."""
    return ProfileFactory(role=role, **profile_kwargs).user


def staff_user(role: str, staff: m.Staff, username: str, display_name: str = ""):
    """The account of ``role`` of a staff member, in their zone, shown under their name unless told."""
    return user_with_role(
        role, zone=staff.zone, staff=staff, user__username=username, display_name=display_name or staff.name
    )
