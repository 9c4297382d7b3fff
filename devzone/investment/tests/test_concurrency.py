"""大招商 at the same moment (PostgreSQL): an officer's lead capacity (在跟线索容量) holds when leads are assigned
to them, registered with them as owner and moved between their teams all at once — the capacity counts their
active leads in every team, so each write locks the owner's staff row (after the lead's) before counting; two
assignments that each counted the other's lead as free took the officer past it."""

from __future__ import annotations

import pytest
from django.db import connection

from devzone.core.errors import DomainError
from devzone.investment import services as svc
from devzone.investment.models import Lead, TeamMember
from devzone.testing.concurrency import run_in_threads
from devzone.testing.investment import new_lead

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]


def busy(staff) -> int:
    return Lead.objects.filter(owner=staff, is_active=True).count()


def test_assignments_to_one_officer_at_the_same_moment_stop_at_their_capacity(officer, team_a, zone_a_leader):
    member = TeamMember.objects.get(team=team_a, staff=officer.profile.staff)
    member.capacity = 2
    member.save()
    staff = member.staff
    new_lead(officer, team_a, name="已有线索甲机械有限公司", industry="34", owner=staff)
    free = [new_lead(officer, team_a, name=f"并发{n}机械有限公司", industry="34") for n in "乙丙丁戊"]

    def assign(i):
        return svc.lead_assign(actor=zone_a_leader, lead=Lead.objects.get(pk=free[i].pk), owner=staff)

    results = run_in_threads(assign, 4)
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 3 and all("容量上限" in r.message for r in refused), results
    assert busy(staff) == member.capacity == 2


def test_assigning_registering_and_moving_at_once_keep_the_capacity_and_never_deadlock(
    officer, team_a, team_a2, zone_a_leader
):
    staff = officer.profile.staff
    TeamMember.objects.filter(team=team_a, staff=staff).update(capacity=3)
    TeamMember.objects.create(zone=team_a2.zone, team=team_a2, staff=staff, capacity=3)
    new_lead(officer, team_a, name="已有线索甲机械有限公司", industry="34", owner=staff)
    moving = new_lead(officer, team_a, name="迁队线索乙机械有限公司", industry="34", owner=staff)
    free = [new_lead(officer, team_a, name=f"并发{n}机械有限公司", industry="34") for n in "丙丁"]

    def work(i):
        if i < 2:
            return svc.lead_assign(actor=zone_a_leader, lead=Lead.objects.get(pk=free[i].pk), owner=staff)
        if i == 2:
            return svc.lead_update(actor=zone_a_leader, lead=Lead.objects.get(pk=moving.pk), team=team_a2)
        return new_lead(zone_a_leader, team_a2, name="新登记戊机械有限公司", industry="34", owner=staff)

    results = run_in_threads(work, 4)
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)], results
    assert busy(staff) == 3, (
        results
    )  # one of the three new ones took the last place; the moved lead kept its owner
    assert Lead.objects.get(pk=moving.pk).owner_id == staff.pk


def test_reopening_and_assigning_to_one_officer_at_the_same_moment_keep_their_capacity(
    officer, team_a, zone_a_leader
):
    """A reopened lead counts again, so reopening checks its owner's capacity under the same lock (lead, then
    owner): with one place left, either the reopened lead keeps its owner and the assignment is refused, or the
    assignment takes the place and the lead is reopened without an owner — never both."""
    staff = officer.profile.staff
    TeamMember.objects.filter(team=team_a, staff=staff).update(capacity=2)
    lost = new_lead(officer, team_a, name="流失重启甲机械有限公司", industry="34", owner=staff)
    svc.lead_lose(actor=officer, lead=lost, reason="选址在外地")
    new_lead(officer, team_a, name="已有线索乙机械有限公司", industry="34", owner=staff)
    free = [new_lead(officer, team_a, name=f"并发{n}机械有限公司", industry="34") for n in "丙丁"]

    def work(i):
        if i == 0:
            return svc.lead_reopen(actor=zone_a_leader, lead=Lead.objects.get(pk=lost.pk))
        return svc.lead_assign(actor=zone_a_leader, lead=Lead.objects.get(pk=free[i - 1].pk), owner=staff)

    results = run_in_threads(work, 3)
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)], results
    assert busy(staff) == 2, results
    assert Lead.objects.get(pk=lost.pk).is_active


def test_a_formal_contract_and_the_funds_of_its_framework_agreement_at_once_never_deadlock(officer, team_a):
    """A formal contract for less than its framework agreement caps the funds the framework records (the project's
    row, then the contracts'), while the framework's funds are recorded: the recording takes the project's row
    before the contract's, as the signing does (it took the contract's first, and the two could deadlock). Either
    order ends with the project's contracts recording at most its binding total."""
    from decimal import Decimal

    from devzone.investment.models import Contract
    from devzone.testing import factories as f
    from devzone.testing.investment import sign_contract as sign

    for n in range(3):
        lead = new_lead(
            officer, team_a, name=f"并发签约{n}食品有限公司", credit_code=f.credit_code_for(6600 + n)
        )
        framework = sign(officer, lead, "15000", project_name="框架协议")
        svc.contract_record_funds(actor=officer, contract=framework, funds_arrived=Decimal("10000"))

        def work(i, lead=lead, framework=framework):
            if i == 0:
                return sign(officer, Lead.objects.get(pk=lead.pk), "12000", project=framework.project)
            contract = Contract.objects.get(pk=framework.pk)
            return svc.contract_record_funds(actor=officer, contract=contract, funds_arrived=Decimal("14000"))

        results = run_in_threads(work, 2)
        assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)], (
            results
        )
        framework.refresh_from_db()
        assert framework.funds_arrived <= Decimal("12000"), results
        assert Contract.objects.filter(project=framework.project).count() == 2
