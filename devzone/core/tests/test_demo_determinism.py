"""The demo is deterministic: the same seed gives the same rows (its own module: test_demo_city keeps a
loaded demo city open for its whole module).

Checked on a light build — core alone: the city, its zones, staff, enterprises, projects and accounts, where
Faker and the seeded generator decide names and codes — twice. The modules' parts draw from the same seeded
generator after it; the full demo is loaded once, by test_demo_city."""

import pytest
from django.contrib.auth import get_user_model

from devzone.core import models as m
from devzone.core.demo import loader

pytestmark = pytest.mark.django_db


def fingerprint() -> tuple:
    """Every list in a total order on natural keys (never the primary key: sequences are not rolled back, so the
    second load gets other ids)."""
    staff = list(
        m.Staff.objects.order_by("zone__name", "employee_no").values_list(
            "zone__short_name", "employee_no", "name", "birth_date"
        )
    )
    codes = list(
        m.Enterprise.objects.order_by("name", "credit_code").values_list(
            "name", "credit_code", "zone__short_name"
        )
    )
    projects = list(
        m.Project.objects.order_by("name", "project_code", "zone__name").values_list(
            "name", "project_code", "total_investment"
        )
    )
    users = list(get_user_model().objects.order_by("username").values_list("username", flat=True))
    return staff, codes, projects, users


def test_it_is_deterministic():
    """Two light loads with the same seed, each in a transaction rolled back, give the same rows."""
    from django.db import transaction

    prints = []
    for _ in range(2):
        with transaction.atomic():
            loader.load(seed=7, steps=())
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    names = [name for name, _code, _zone in prints[0][1]]
    assert len(names) == len(set(names)), "企业名称重复：按名称排序的列表次序不确定"
