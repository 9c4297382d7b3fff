"""The rules of 大招商 as its users rely on them: one firm is one lead, the funnel moves forward with dated
stages, non-fitting leads stay out of the working list, contracts create projects and count by the rules, the
project's milestones move the lead on, the counters stay equal to a recount."""

import datetime as dt
from decimal import Decimal

import pytest

from devzone.core.actors import system_actor
from devzone.core.choices import Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent, Industry, Notification, Project
from devzone.investment import counters, selectors
from devzone.investment import services as svc
from devzone.investment.models import Contract, FunnelCell, Lead, TeamMember
from devzone.testing import factories as f
from devzone.testing.investment import TODAY, new_lead

pytestmark = pytest.mark.django_db
D = dt.timedelta


def cells(zone_id):
    fields = selectors.COUNTER_FIELDS
    rows = FunnelCell.objects.filter(zone_id=zone_id).order_by(
        "year", "team_id", "owner_key", "source", "section"
    )
    return [
        (r.year, r.team_id, r.owner_key, r.source, r.section, tuple(getattr(r, x) for x in fields))
        for r in rows
        if any(getattr(r, x) for x in fields)
    ]


# --- one firm, one lead ----------------------------------------------------------------------------------
def test_a_second_lead_with_the_same_credit_code_is_refused_and_points_at_the_first(officer, team_a, lead_a):
    with pytest.raises(svc.DuplicateLead) as e:
        new_lead(officer, team_a, name="完全不同的名字有限公司", credit_code=lead_a.credit_code)
    assert e.value.existing == lead_a and e.value.by == "credit_code"
    assert Lead.objects.count() == 1


def test_names_match_across_brackets_spaces_and_legal_form(officer, team_a, lead_a):
    with pytest.raises(svc.DuplicateLead) as e:
        new_lead(officer, team_a, name="山东 示例食品（有限公司）")
    assert e.value.existing == lead_a and e.value.by == "company_name"


def test_another_zone_may_court_the_same_firm(officer, team_a, lead_a, officer_b, team_b):
    other = new_lead(officer_b, team_b, name=lead_a.company_name, credit_code=lead_a.credit_code)
    assert other.zone_id != lead_a.zone_id


def test_merging_a_second_registration_fills_blanks_and_keeps_one_row(officer, lead_a):
    svc.lead_absorb(
        actor=officer, lead=lead_a, contact_name="王经理", intended_investment=Decimal("50000"), source="fair"
    )
    lead_a.refresh_from_db()
    assert lead_a.contact_name == "王经理" and lead_a.intended_investment == Decimal("50000")
    assert lead_a.logs.filter(kind="merge").exists()
    assert Lead.objects.count() == 1


def test_merging_two_leads_moves_the_other_into_the_first(officer, team_a, lead_a):
    other = new_lead(officer, team_a, name="另一家食品有限公司", contact_phone="13800000000")
    svc.lead_merge(actor=officer, keep=lead_a, other=other)
    other.refresh_from_db()
    lead_a.refresh_from_db()
    assert other.merged_into == lead_a and lead_a.contact_phone == "13800000000"
    assert list(selectors.lead_list(user=officer)) == [lead_a]
    assert cells(lead_a.zone_id) == _recount(lead_a.zone_id)


# --- the stage machine -----------------------------------------------------------------------------------
def test_a_lead_moves_forward_one_stage_at_a_time_with_its_dates(officer, lead_a):
    svc.lead_move(actor=officer, lead=lead_a, target="aware", on=TODAY - D(20))
    svc.lead_move(actor=officer, lead=lead_a, target="attentive", on=TODAY - D(10))
    lead_a.refresh_from_db()
    assert (lead_a.stage, lead_a.aware_on, lead_a.attentive_on) == ("attentive", TODAY - D(20), TODAY - D(10))
    with pytest.raises(DomainError, match="不能从"):
        svc.lead_move(actor=officer, lead=lead_a, target="aware", on=TODAY)


def test_a_jump_needs_the_skipped_stages_dates_or_a_reason(officer, lead_a):
    with pytest.raises(DomainError) as e:
        svc.lead_move(actor=officer, lead=lead_a, target="negotiating", on=TODAY)
    assert "reason" in e.value.errors
    lead_a.refresh_from_db()
    assert lead_a.stage == "unaware"
    svc.lead_move(
        actor=officer,
        lead=lead_a,
        target="negotiating",
        on=TODAY,
        skipped_dates={"aware": TODAY - D(9), "attentive": TODAY - D(5), "invited": TODAY - D(2)},
    )
    lead_a.refresh_from_db()
    assert lead_a.invited_on == TODAY - D(2) and lead_a.stage == "negotiating"


def test_a_jump_with_a_reason_leaves_the_skipped_stages_undated(officer, team_a):
    lead = new_lead(officer, team_a, name="甲食品有限公司")
    svc.lead_move(actor=officer, lead=lead, target="invited", on=TODAY, reason="老客户直接来考察")
    lead.refresh_from_db()
    assert lead.aware_on is None and lead.invited_on == TODAY
    assert "老客户直接来考察" in lead.logs.first().text


def test_dates_out_of_order_or_in_the_future_are_refused(officer, lead_a):
    with pytest.raises(DomainError, match="不能晚于今天"):
        svc.lead_move(actor=officer, lead=lead_a, target="aware", on=TODAY + D(1))
    with pytest.raises(DomainError, match="不能早于"):
        svc.lead_move(actor=officer, lead=lead_a, target="aware", on=lead_a.created_on - D(1))
    with pytest.raises(DomainError):
        svc.lead_move(
            actor=officer,
            lead=lead_a,
            target="attentive",
            on=TODAY - D(10),
            skipped_dates={"aware": TODAY - D(5)},
        )


def test_signing_and_landing_are_not_manual_moves(officer, lead_a):
    for target in ("signed", "landed", "kept"):
        with pytest.raises(DomainError):
            svc.lead_move(actor=officer, lead=lead_a, target=target, on=TODAY, reason="x")


def test_a_stale_version_is_refused(officer, lead_a):
    with pytest.raises(DomainError, match="刚被他人修改"):
        svc.lead_move(
            actor=officer, lead=lead_a, target="aware", on=TODAY, expected_version=lead_a.version + 5
        )


def test_a_lost_lead_needs_a_reason_and_leaves_the_working_list(officer, lead_a):
    with pytest.raises(DomainError, match="流失原因"):
        svc.lead_lose(actor=officer, lead=lead_a, reason="  ")
    svc.lead_lose(actor=officer, lead=lead_a, reason="选址在外地")
    lead_a.refresh_from_db()
    assert not lead_a.is_active and lead_a.lost_reason == "选址在外地"
    with pytest.raises(DomainError):
        svc.lead_move(actor=officer, lead=lead_a, target="aware", on=TODAY)
    svc.lead_reopen(actor=officer, lead=lead_a)
    lead_a.refresh_from_db()
    assert lead_a.is_active


# --- amounts ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("amount", [Decimal("-1"), Decimal("100000000.01")])
def test_negative_or_absurd_amounts_are_refused(officer, team_a, amount):
    with pytest.raises(DomainError) as e:
        new_lead(officer, team_a, intended_investment=amount)
    assert "intended_investment" in e.value.errors
    assert not Lead.objects.exists()


# --- industry fit ----------------------------------------------------------------------------------------
def test_fit_follows_the_zones_leading_industries(officer, team_a, zone_a, zone_a_leader):
    fits = new_lead(officer, team_a, name="甲食品有限公司", industry="14")
    off = new_lead(officer, team_a, name="甲置业有限公司", industry="70")
    assert fits.fits and fits.is_active
    assert not off.fits and not off.is_active  # kept out of the working list
    assert Notification.objects.filter(kind="investment.unfit", user=zone_a_leader).exists()
    svc.zone_set_leading_industries(
        actor=zone_a_leader, zone=zone_a, industries=list(Industry.objects.filter(pk__in=["K", "34"]))
    )
    fits.refresh_from_db()
    off.refresh_from_db()
    assert not fits.fits and off.fits and off.is_active  # a section (K 房地产业) covers its divisions


def test_leading_industries_are_two_or_three(zone_a, zone_a_leader):
    with pytest.raises(DomainError, match="2–3"):
        svc.zone_set_leading_industries(
            actor=zone_a_leader, zone=zone_a, industries=[Industry.objects.get(pk="14")]
        )


def test_only_a_leader_approves_an_exception(officer, team_a, zone_a_leader):
    off = new_lead(officer, team_a, name="甲置业有限公司", industry="70")
    svc.lead_request_exception(actor=officer, lead=off, reason="配套项目")
    with pytest.raises(PermissionDeniedError):
        svc.lead_approve_exception(actor=officer, lead=off, reason="我批")
    svc.lead_approve_exception(actor=zone_a_leader, lead=off, reason="市级重点")
    off.refresh_from_db()
    assert off.is_active and off.exception_on == TODAY


# --- owners and capacity ---------------------------------------------------------------------------------
def test_an_owner_is_a_member_of_the_team_within_capacity(officer, officer2, team_a, lead_a):
    with pytest.raises(DomainError, match="在队队员"):
        svc.lead_assign(actor=officer, lead=lead_a, owner=officer2.profile.staff)
    me = officer.profile.staff
    for i in range(5):
        new_lead(officer, team_a, name=f"第{i}家食品有限公司", owner=me)
    with pytest.raises(DomainError, match="容量上限"):
        svc.lead_assign(actor=officer, lead=lead_a, owner=me)


def test_a_lead_moved_to_another_team_drops_an_owner_who_left_that_team(
    officer, team_a, team_a2, zone_a_leader
):
    """ "An owner must be an active member of the lead's team": a former (inactive) member of the new team
    stayed the owner. The lead is now unassigned, its timeline says so and the other leaders are told."""
    staff = officer.profile.staff
    TeamMember.objects.create(zone=team_a2.zone, team=team_a2, staff=staff, capacity=5, is_active=False)
    other_leader = f.user_with_role(Role.ZONE_LEADER, zone=team_a.zone, user__username="leader_a_two")
    lead = new_lead(officer, team_a, name="迁队测试机械有限公司", industry="34", owner=staff)
    svc.lead_update(actor=zone_a_leader, lead=lead, team=team_a2)
    lead.refresh_from_db()
    assert lead.team_id == team_a2.pk and lead.owner_id is None
    assert lead.logs.filter(kind="owner", text__contains=staff.name).exists()
    told = Notification.objects.filter(kind="investment.unassigned")
    assert [n.user_id for n in told] == [other_leader.pk] and lead.company_name in told.get().title


def test_a_lead_moved_to_another_team_keeps_an_owner_who_may_own_it_there(
    officer, team_a, team_a2, zone_a_leader
):
    staff = officer.profile.staff
    TeamMember.objects.create(zone=team_a2.zone, team=team_a2, staff=staff, capacity=5)
    lead = new_lead(officer, team_a, name="迁队测试机械有限公司", industry="34", owner=staff)
    svc.lead_update(actor=zone_a_leader, lead=lead, team=team_a2)
    lead.refresh_from_db()
    assert lead.team_id == team_a2.pk and lead.owner_id == staff.pk
    assert not Notification.objects.filter(kind="investment.unassigned").exists()


def test_a_lead_moved_to_a_team_where_its_owner_is_full_drops_the_owner(
    officer, team_a, team_a2, zone_a_leader
):
    """Capacity counts the owner's active leads in every team: a move must not take them past the new team's."""
    staff = officer.profile.staff
    TeamMember.objects.create(zone=team_a2.zone, team=team_a2, staff=staff, capacity=1)
    new_lead(officer, team_a, name="已有线索机械有限公司", industry="34", owner=staff)
    lead = new_lead(officer, team_a, name="迁队测试机械有限公司", industry="34", owner=staff)
    svc.lead_update(actor=zone_a_leader, lead=lead, team=team_a2)
    lead.refresh_from_db()
    assert lead.team_id == team_a2.pk and lead.owner_id is None


def _lost_lead_of(officer, team, capacity: int):
    """A lost lead of ``officer`` (their capacity in ``team`` set to ``capacity``), who then takes as many other
    leads as their capacity holds: they are full when the lost one comes back."""
    staff = officer.profile.staff
    TeamMember.objects.filter(team=team, staff=staff).update(capacity=capacity)
    lost = new_lead(officer, team, name="流失后重启机械有限公司", industry="34", owner=staff)
    svc.lead_lose(actor=officer, lead=lost, reason="选址在外地")
    for n in range(capacity):
        new_lead(officer, team, name=f"在跟{n}号机械有限公司", industry="34", owner=staff)
    return lost


def test_reopening_a_lost_lead_whose_owner_is_full_reopens_it_without_an_owner(
    officer, team_a, zone_a_leader
):
    """The owner's capacity held for assignments but not for reopening: the lost lead came back with its owner,
    who then followed one active lead more than their capacity. Now it comes back unassigned, its timeline says
    why, and the zone's leaders are told (the officer who reopened it reads it on the page)."""
    staff = officer.profile.staff
    lost = _lost_lead_of(officer, team_a, capacity=2)
    row = svc.lead_reopen(actor=officer, lead=lost, note="企业重新考虑")
    lost.refresh_from_db()
    assert lost.is_active and lost.owner_id is None and row.dropped_owner == staff
    assert Lead.objects.filter(owner=staff, is_active=True).count() == 2  # within the capacity
    assert lost.logs.filter(kind="owner", text__contains=staff.name).exists()
    trail = AuditEvent.objects.filter(object_id=str(lost.pk)).values_list("changes", flat=True)
    assert {"owner_id": [staff.pk, None]} in list(trail)
    told = Notification.objects.get(kind="investment.unassigned")
    assert told.user_id == zone_a_leader.pk and lost.company_name in told.title and staff.name in told.title
    assert cells(lost.zone_id) == _recount(lost.zone_id)


def test_reopening_a_lost_lead_whose_owner_left_its_team_reopens_it_without_an_owner(
    officer, team_a, zone_a_leader
):
    staff = officer.profile.staff
    lost = _lost_lead_of(officer, team_a, capacity=5)
    TeamMember.objects.filter(team=team_a, staff=staff).update(is_active=False)
    svc.lead_reopen(actor=zone_a_leader, lead=lost)
    lost.refresh_from_db()
    assert lost.is_active and lost.owner_id is None
    # The leader who reopened it is not told again; nobody else leads the zone.
    assert not Notification.objects.filter(kind="investment.unassigned").exists()
    assert lost.logs.filter(kind="owner", text__contains=staff.name).exists()


def test_reopening_a_lost_lead_keeps_an_owner_with_room(officer, team_a, zone_a_leader):
    staff = officer.profile.staff
    lost = _lost_lead_of(officer, team_a, capacity=2)
    Lead.objects.filter(owner=staff, is_active=True).first().delete()  # one place free again
    row = svc.lead_reopen(actor=officer, lead=lost)
    lost.refresh_from_db()
    assert lost.owner_id == staff.pk and row.dropped_owner is None
    assert not Notification.objects.filter(kind="investment.unassigned").exists()


# --- teams see their own leads ---------------------------------------------------------------------------
def test_an_officer_works_only_the_leads_of_their_teams(officer, officer2, team_a, team_a2, lead_a):
    assert list(Lead.objects.for_user(officer2)) == []
    with pytest.raises(NotFoundError):  # another team's lead is out of reach, as another zone's would be
        svc.lead_move(actor=officer2, lead=lead_a, target="aware", on=TODAY)
    with pytest.raises(PermissionDeniedError):
        new_lead(officer, team_a2, name="别队的食品有限公司")
    assert not Lead.objects.filter(company_name="别队的食品有限公司").exists()


# --- contracts -------------------------------------------------------------------------------------------
def sign(actor, lead, amount="50000", **kw):
    kw.setdefault("signed_on", TODAY - D(1))
    kw.setdefault("project_name", f"{lead.company_name}项目")
    return svc.contract_sign(actor=actor, lead=lead, contract_investment=Decimal(amount), **kw)


def test_signing_creates_the_project_hands_it_over_and_moves_the_lead(officer, lead_a):
    from devzone.projects.models import KeyProject

    contract = sign(officer, lead_a, land_mu=Decimal("100"))
    lead_a.refresh_from_db()
    project = contract.project
    assert lead_a.stage == "signed" and lead_a.signed_on == TODAY - D(1)
    assert project.zone_id == lead_a.zone_id and project.total_investment == Decimal("50000")
    assert project.enterprise.credit_code == lead_a.credit_code
    assert KeyProject.objects.filter(project=project).exists()
    assert contract.intensity == Decimal("500.00") and contract.counted_investment == Decimal("50000")
    assert AuditEvent.objects.filter(object_id=str(contract.pk), action="create").exists()


def test_a_contract_without_an_enterprise_is_refused(officer, team_a):
    lead = new_lead(officer, team_a, name="无代码食品有限公司")
    with pytest.raises(DomainError) as e:
        sign(officer, lead)
    assert "credit_code" in e.value.errors
    assert not Contract.objects.exists() and not Project.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "100000001"])
def test_contract_amounts_are_checked(officer, lead_a, amount):
    with pytest.raises(DomainError):
        sign(officer, lead_a, amount=amount)
    assert not Project.objects.exists()


def test_a_capital_increase_counts_only_the_increment_and_no_second_project(officer, lead_a):
    first = sign(officer, lead_a, amount="50000")
    second = sign(officer, lead_a, amount="8000", kind="increase", project=first.project, project_name="二期")
    assert (second.counts_as_project, second.counted_investment) == (False, Decimal("8000"))
    first.project.refresh_from_db()
    assert first.project.total_investment == Decimal("58000")
    figures = selectors.figures(zone_id=lead_a.zone_id, start=TODAY - D(10), end=TODAY)["totals"]
    assert figures["signed"] == 1 and figures["investment"] == Decimal("58000")


def test_local_investors_and_real_estate_count_nothing(officer, team_a):
    local = new_lead(
        officer, team_a, name="本地食品有限公司", credit_code=f.credit_code_for(1), is_local=True
    )
    estate = new_lead(officer, team_a, name="甲置业有限公司", industry="70", credit_code=f.credit_code_for(2))
    assert sign(officer, local).excluded_reason == "本地投资者"
    assert sign(officer, estate).excluded_reason == "不计入的行业"
    totals = selectors.figures(zone_id=team_a.zone_id, start=TODAY - D(10), end=TODAY)["totals"]
    assert totals["signed"] == 0 and totals["investment"] == 0


def test_milestones_move_the_lead_to_landed_and_kept(officer, lead_a):
    from devzone.projects.hooks import milestone_reached

    contract = sign(officer, lead_a)
    milestone_reached(project=contract.project, code="groundbreaking", on=TODAY, actor=system_actor())
    lead_a.refresh_from_db()
    contract.refresh_from_db()
    assert lead_a.stage == "landed" and lead_a.landed_on == TODAY and contract.groundbreaking_on == TODAY
    milestone_reached(project=contract.project, code="production", on=TODAY, actor=system_actor())
    lead_a.refresh_from_db()
    assert lead_a.stage == "kept" and lead_a.kept_on == TODAY
    assert cells(lead_a.zone_id) == _recount(lead_a.zone_id)


# --- counters --------------------------------------------------------------------------------------------
def _recount(zone_id):
    counters.rebuild(zone_id)
    return cells(zone_id)


def test_the_funnel_counters_equal_a_recount_after_every_kind_of_change(
    officer, team_a, team_a2, lead_a, zone_a_leader
):
    other = new_lead(officer, team_a, name="乙食品有限公司", source="fair", credit_code=f.credit_code_for(7))
    svc.lead_move(actor=officer, lead=lead_a, target="aware", on=TODAY - D(20))
    svc.lead_move(actor=officer, lead=lead_a, target="invited", on=TODAY - D(3), reason="直接考察")
    svc.lead_assign(actor=officer, lead=other, owner=officer.profile.staff)
    svc.lead_lose(actor=officer, lead=other, reason="暂缓")
    svc.lead_update(actor=zone_a_leader, lead=lead_a, industry=Industry.objects.get(pk="34"), team=team_a2)
    sign(zone_a_leader, lead_a)
    live = cells(team_a.zone_id)
    assert live == _recount(team_a.zone_id)
    data = selectors.funnel_data(user=zone_a_leader, zone_id=team_a.zone_id)
    by_stage = {r.stage: r.reached for r in data["rows"]}
    assert by_stage["unaware"] == 2 and by_stage["signed"] == 1 and data["totals"]["lost"] == 1


def test_every_write_is_audited(officer, lead_a):
    before = AuditEvent.objects.count()
    svc.lead_move(actor=officer, lead=lead_a, target="aware", on=TODAY)
    svc.lead_record(actor=officer, lead=lead_a, kind="assessment", text="符合智能装备方向")
    assert AuditEvent.objects.count() == before + 2
    lead_a.refresh_from_db()
    assert lead_a.assessed_on == TODAY


def test_the_referrer_reply_is_only_for_referrals(officer, lead_a):
    with pytest.raises(DomainError, match="推荐人"):
        svc.lead_record(actor=officer, lead=lead_a, kind="referrer", text="已回复")


def test_a_city_officer_reads_but_does_not_write(city_officer, team_a, lead_a):
    assert list(Lead.objects.for_user(city_officer)) == [lead_a]
    with pytest.raises(PermissionDeniedError):
        new_lead(city_officer, team_a, name="市级登记食品有限公司")
    with pytest.raises((PermissionDeniedError, DomainError)):
        svc.lead_move(actor=city_officer, lead=lead_a, target="aware", on=TODAY)


def test_an_enterprise_user_a_candidate_and_the_anonymous_see_no_lead(enterprise_user, lead_a, city):
    candidate = f.user_with_role(Role.CANDIDATE, city=city, user__username="cand")
    for user in (enterprise_user, candidate, None):
        assert not Lead.objects.for_user(user).exists()
