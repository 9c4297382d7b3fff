"""``devzone seal export-public --all``: the labels on stderr say when a retired seal was retired, in Beijing
time (the day an administrator reads in the seal's records)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from devzone.approvals.certificates import seal_create
from devzone.approvals.models import ApprovalSeal
from devzone.core.actors import system_actor

pytestmark = pytest.mark.django_db


def test_the_export_names_a_seal_retired_early_in_the_morning_by_its_beijing_day(zone_a, capsys):
    seal = seal_create(actor=system_actor(), zone=zone_a)
    # 06:30 on 3 March in Beijing is still 2 March in UTC, as the database keeps it
    retired = dt.datetime(2025, 3, 3, 6, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    ApprovalSeal.objects.filter(pk=seal.pk).update(is_active=False, retired_at=retired)
    call_command("seal", "export-public", "--zone", zone_a.name, "--all")
    err = capsys.readouterr().err
    assert "已停用 2025-03-03" in err and "2025-03-02" not in err, err
