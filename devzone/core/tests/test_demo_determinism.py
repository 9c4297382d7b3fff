"""The demo is deterministic: the same seed gives the same rows (its own module: test_demo_data keeps a
loaded demo city open for its whole module)."""

import pytest

from devzone.core import models as m
from devzone.core.demo import loader

pytestmark = pytest.mark.django_db


def fingerprint() -> tuple:
    staff = list(
        m.Staff.objects.order_by("employee_no").values_list("employee_no", "name", "birth_date")[:30]
    )
    codes = list(m.Enterprise.objects.order_by("name").values_list("name", "credit_code"))
    projects = list(
        m.Project.objects.order_by("name").values_list("name", "project_code", "total_investment")
    )
    return staff, codes, projects


def test_it_is_deterministic():
    """Two loads with the same seed, each in a transaction rolled back, give the same rows."""
    from django.db import transaction

    prints = []
    for _ in range(2):
        with transaction.atomic():
            loader.load(seed=7)
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
