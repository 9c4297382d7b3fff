"""法定规则: the rule tables (limits and conditions the law sets, each row with its basis and 施行日期) are kept in
the app by the system administrator — before, only the Django admin (the operator's break-glass) could change the
law's figures. A change of the law is a new row from its day; a row in force never changes; a row not yet in force
may be withdrawn; every write is audited; bad input is refused beside its field and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from devzone.core.choices import AuditAction
from devzone.core.models import AuditEvent
from devzone.performance.models import AppealWindowRule

pytestmark = pytest.mark.django_db
PAGE = "/core/rules/"
TABLE = "performance.appealwindowrule"
P = "performance-appealwindowrule"


def add(client, **values):
    data = {
        "table": TABLE,
        f"{P}-basis": "某市绩效考核办法（2027年修订）第十二条",
        **{f"{P}-{k}": v for k, v in values.items()},
    }
    return client.post(PAGE, data)


def test_staff_read_every_rule_table_with_its_basis_and_the_rule_in_force(client_for, zone_a_leader):
    page = client_for(zone_a_leader).get(PAGE).content.decode()
    assert f'data-rule-table="{TABLE}"' in page
    assert 'data-rule-table="personnel.competitionpublicityrule"' in page
    assert "data-in-force" in page and AppealWindowRule.in_force().basis in page
    assert 'name="table"' not in page  # they read it; the administrator changes it
    assert 'data-rule-table="personnel.eliminationshare"' not in page  # the city's, set on its own page


def test_the_administrator_adds_a_change_of_the_law_from_its_day(client_for, sysadmin):
    before = AppealWindowRule.in_force(dt.date(2027, 3, 1))
    response = add(client_for(sysadmin), days="7", effective_from="2027-03-01")
    assert response.status_code == 302
    assert AppealWindowRule.in_force(dt.date(2027, 2, 28)) == before  # matters before that day keep theirs
    assert AppealWindowRule.in_force(dt.date(2027, 3, 1)).days == 7
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_repr__startswith="7 ").exists()
    page = client_for(sysadmin).get(PAGE).content.decode()
    assert "未施行" in page and "撤回" in page


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"days": "0", "effective_from": "2027-03-01"}, "days"),
        ({"days": "61", "effective_from": "2027-03-01"}, "days"),
        ({"days": "七", "effective_from": "2027-03-01"}, "days"),
        ({"days": "7", "effective_from": "2027-02-30"}, "effective_from"),
        ({"days": "7", "effective_from": "2020-01-01"}, "effective_from"),  # that day has its rule already
    ],
)
def test_bad_input_is_refused_beside_its_field_and_changes_nothing(client_for, sysadmin, values, field):
    rows = AppealWindowRule.objects.count()
    response = add(client_for(sysadmin), **values)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{P}-{field}"' in page and "is-invalid" in page
    assert AppealWindowRule.objects.count() == rows


def test_a_rule_not_yet_in_force_may_be_withdrawn_one_in_force_never(client_for, sysadmin):
    c = client_for(sysadmin)
    add(c, days="7", effective_from="2099-01-01")
    pending = AppealWindowRule.objects.get(effective_from=dt.date(2099, 1, 1))
    c.post(reverse("core:rule_withdraw", args=[TABLE, pending.pk]))
    assert not AppealWindowRule.objects.filter(pk=pending.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(pending.pk)).exists()
    current = AppealWindowRule.in_force()
    page = c.post(reverse("core:rule_withdraw", args=[TABLE, current.pk]), follow=True).content.decode()
    assert "已施行的规则不能撤回" in page
    assert AppealWindowRule.objects.filter(pk=current.pk).exists()


@pytest.mark.isolation
def test_only_the_administrator_changes_the_rules_and_only_staff_read_them(
    client_for, zone_a_leader, city_officer, enterprise_user
):
    rows = AppealWindowRule.objects.count()
    for user in (zone_a_leader, city_officer):
        assert add(client_for(user), days="7", effective_from="2099-01-01").status_code == 403
        withdraw = client_for(user).post(
            reverse("core:rule_withdraw", args=[TABLE, AppealWindowRule.in_force().pk])
        )
        assert withdraw.status_code in (302, 403)
    assert AppealWindowRule.objects.count() == rows
    assert client_for(enterprise_user).get(PAGE).status_code == 403
    assert (
        client_for(zone_a_leader).get(reverse("core:rule_withdraw", args=["core.zone", 1])).status_code == 405
    )
    assert (
        client_for(zone_a_leader).post(reverse("core:rule_withdraw", args=["core.zone", 1])).status_code
        == 404
    )
