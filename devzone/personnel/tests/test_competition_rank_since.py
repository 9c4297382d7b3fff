"""任职年限 in 竞聘上岗 are the years in the current rank, not since hired: a 副科 hired in 2010 who became 副科 in
2025 has one year in the rank, not sixteen. Core's staff record keeps the day (``Staff.rank_since``, entered on
the staff form; unknown on older records, which count from ``hired_on`` as before); 正式任用 sets it when a
competition appoints someone to a new rank. The check (entering, 本人报名), 我的竞聘's list and the page read it.

And 破格 recorded afterwards: a competition put up without it may take its written approval until the proposed
appointees are published (``competition_exceptional``, the rules of ``competition_create``: stored, shown,
audited); after that it is refused."""

import datetime as dt
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from devzone.core.choices import AuditAction, Rank, Role
from devzone.core.errors import ConflictError, DomainError, PermissionDeniedError
from devzone.core.models import AuditEvent, Staff
from devzone.personnel.choices import CompetitionStatus, EntryStatus
from devzone.personnel.identity import age_on
from devzone.personnel.models import Competition, CompetitionEntry
from devzone.personnel.selectors import posts_open_to
from devzone.personnel.services import competition as svc
from devzone.personnel.tests.test_competition_rank_steps import ON, _admitted_before_the_rule, make
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(zone_a):
    dept = f.DepartmentFactory(zone=zone_a, name="投资促进部")
    # a 副科 of the department hired in 2010
    deputy = partial(
        f.StaffFactory, zone=zone_a, department=dept, rank=Rank.DEPUTY_SECTION, hired_on=dt.date(2010, 7, 1)
    )
    return {
        "dept": dept,
        "chief": f.PostFactory(zone=zone_a, department=dept, name="部长", rank=Rank.SECTION_CHIEF),
        "deputy": f.PostFactory(zone=zone_a, department=dept, name="副部长", rank=Rank.DEPUTY_SECTION),
        "clerk": f.StaffFactory(zone=zone_a, department=dept, name="科员甲", rank=Rank.STAFF),
        # hired in 2010, 副科 only since June 2025: 1 full year in the rank on ON (28 September 2026)
        "new_deputy": deputy(name="新任副科", rank_since=dt.date(2025, 6, 1)),
        # the same, the day not recorded: counted from the hire, as before
        "old_record": deputy(name="老档案"),
    }


def test_years_in_rank_count_from_the_day_the_rank_was_taken(org, zone_a, zone_a_leader):
    comp = make(zone_a_leader, zone_a, [(org["chief"].pk, 1, Rank.DEPUTY_SECTION)], min_years=2)
    checks = svc.eligibility_checks(comp, comp.posts.get(), org["new_deputy"], on=ON)
    years = next(c for c in checks if c.label == "任职年限")
    assert years.actual == "1年（2025年6月1日起）" and years.problem == "任职年限不足2年"
    with override("en"):  # one year, not "1 years"
        english = svc.eligibility_checks(comp, comp.posts.get(), org["new_deputy"], on=ON)
    assert english[checks.index(years)].actual.startswith("1 year (since ")
    with override("en"):  # and many years in the plural
        english = svc.eligibility_checks(comp, comp.posts.get(), org["old_record"], on=ON)
    assert " years (since " in english[checks.index(years)].actual
    entry = svc.entry_apply(
        actor=zone_a_leader, competition=comp, staff_id=org["new_deputy"].pk, post_id=org["chief"].pk, on=ON
    )
    assert entry.status == EntryStatus.INELIGIBLE and entry.eligibility == ["任职年限不足2年"]
    # unknown: from the hire date (16 years)
    kept = svc.entry_apply(
        actor=zone_a_leader, competition=comp, staff_id=org["old_record"].pk, post_id=org["chief"].pk, on=ON
    )
    assert kept.status == EntryStatus.APPLIED


def test_my_competitions_count_the_years_in_rank(org, zone_a, zone_a_leader, client_for):
    comp = make(zone_a_leader, zone_a, [(org["chief"].pk, 1, Rank.DEPUTY_SECTION)], min_years=2)
    mine = f.staff_user(Role.INVESTMENT_OFFICER, org["new_deputy"], "new_deputy")
    assert posts_open_to(mine, org["new_deputy"], ON) == []
    old = f.staff_user(Role.INVESTMENT_OFFICER, org["old_record"], "old_record")
    assert [p.competition_id for p in posts_open_to(old, org["old_record"], ON)] == [comp.pk]
    page = client_for(mine).get(reverse("personnel:my_competitions")).content.decode()
    n = age_on(dt.date(2025, 6, 1), timezone.localdate())  # the page checks on today's date
    assert f"任职年限：{n}年（2025年6月1日起）（要求2年以上）" in page
    with pytest.raises(DomainError, match="任职年限不足2年"):
        svc.entry_self_apply(actor=mine, competition=comp.pk, post_id=org["chief"].pk, on=ON)


def test_an_appointment_to_a_new_rank_starts_its_years(org, zone_a, zone_a_leader):
    comp = make(
        zone_a_leader,
        zone_a,
        [(org["chief"].pk, 1, Rank.DEPUTY_SECTION), (org["deputy"].pk, 1, Rank.DEPUTY_SECTION)],
        min_years=0,
    )
    lateral = f.StaffFactory(
        zone=zone_a, department=org["dept"], rank=Rank.DEPUTY_SECTION, rank_since=dt.date(2020, 1, 1)
    )
    up = svc.entry_apply(
        actor=zone_a_leader, competition=comp, staff_id=org["old_record"].pk, post_id=org["chief"].pk, on=ON
    )
    side = svc.entry_apply(
        actor=zone_a_leader, competition=comp, staff_id=lateral.pk, post_id=org["deputy"].pk, on=ON
    )
    svc.competition_close(actor=zone_a_leader, competition=comp)
    for entry in (up, side):
        svc.entry_score(actor=zone_a_leader, entry=entry, speech="90", evaluation="90")
    svc.competition_publish(actor=zone_a_leader, competition=comp, on=ON)
    svc.competition_finalize(actor=zone_a_leader, competition=comp, on=dt.date(2026, 11, 2))
    promoted = Staff.objects.get(pk=org["old_record"].pk)
    assert (promoted.rank, promoted.rank_since) == (Rank.SECTION_CHIEF, dt.date(2026, 11, 2))
    assert Staff.objects.get(pk=lateral.pk).rank_since == dt.date(2020, 1, 1)  # same rank: its years go on
    event = AuditEvent.objects.filter(object_id=str(promoted.pk), content_type__model="staff").latest("pk")
    assert event.changes["rank_since"][1] in ("2026-11-02", dt.date(2026, 11, 2))


def test_the_staff_form_and_the_person_s_page_show_the_day(org, zone_a_leader, client_for, zone_a):
    c = client_for(zone_a_leader)
    person = org["old_record"]
    form = c.get(reverse("core:staff_edit", args=[person.pk])).context["form"]
    assert "rank_since" in form.fields and not form.fields["rank_since"].required
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "birth_date": "1990-05-01",
        "hired_on": "2010-07-01",
        "is_active": "on",
        "rank_since": "2024-03-15",
    }
    resp = c.post(reverse("core:staff_edit", args=[person.pk]), data)
    assert resp.status_code == 302, resp.context["form"].errors
    assert Staff.objects.get(pk=person.pk).rank_since == dt.date(2024, 3, 15)
    officer = f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone_a, user__username="hr_rs")
    page = client_for(officer).get(reverse("personnel:staff_detail", args=[person.pk])).content.decode()
    assert "任现职级日期" in page and "2024年3月15日" in page
    data["rank_since"] = "1980-01-01"  # before the birth date
    refused = c.post(reverse("core:staff_edit", args=[person.pk]), data)
    assert refused.status_code == 200 and "rank_since" in refused.context["form"].errors


# --- 破格 recorded afterwards ------------------------------------------------------------------------------------


def test_exceptional_is_recorded_afterwards_with_its_approval_stored_shown_and_audited(
    org, zone_a, zone_a_leader, client_for
):
    """A competition admitted before 逐级晋升 (its 正科 post opened to 科员): publication stops at the 科员 — until
    the 破格 approval is recorded, in scoring, by the rules of ``competition_create``."""
    comp, entry = _admitted_before_the_rule(org, zone_a, zone_a_leader)
    svc.competition_close(actor=zone_a_leader, competition=comp)
    svc.entry_score(actor=zone_a_leader, entry=entry, speech="90", evaluation="90")
    with pytest.raises(DomainError, match="不能越级任用"):
        svc.competition_publish(actor=zone_a_leader, competition=comp, on=ON)
    version = Competition.objects.get(pk=comp.pk).version
    with pytest.raises(DomainError) as no_basis:
        svc.competition_exceptional(actor=zone_a_leader, competition=comp, basis=" ", version=version)
    assert "exceptional_basis" in no_basis.value.errors
    with pytest.raises(ConflictError):
        svc.competition_exceptional(
            actor=zone_a_leader, competition=comp, basis="开组字〔2026〕12号", version=99
        )
    c = client_for(zone_a_leader)
    page = c.get(comp.get_absolute_url()).content.decode()
    assert 'data-testid="exceptional-form"' in page
    done = c.post(
        reverse("personnel:competition_action", args=[comp.pk, "exceptional"]),
        {"exceptional_basis": "开组字〔2026〕12号", "version": version},
    )
    assert done.status_code == 302
    comp.refresh_from_db()
    assert (comp.exceptional, comp.exceptional_basis) == (True, "开组字〔2026〕12号")
    event = AuditEvent.objects.get(
        action=AuditAction.UPDATE, object_id=str(comp.pk), content_type__model="competition"
    )
    assert "开组字〔2026〕12号" in event.note and event.changes["exceptional"] == [False, True]
    shown = c.get(comp.get_absolute_url()).content.decode()
    assert 'data-testid="competition-exceptional"' in shown and "开组字〔2026〕12号" in shown
    assert 'data-testid="exceptional-form"' not in shown
    with pytest.raises(DomainError, match="已记录破格"):
        svc.competition_exceptional(actor=zone_a_leader, competition=comp, basis="再次")
    svc.competition_publish(actor=zone_a_leader, competition=comp, on=ON)
    assert CompetitionEntry.objects.get(pk=entry.pk).status == EntryStatus.APPOINTED


def test_exceptional_while_open_rechecks_the_entries_kept_ineligible_for_their_rank(
    org, zone_a, zone_a_leader
):
    comp, _entry = _admitted_before_the_rule(org, zone_a, zone_a_leader)
    CompetitionEntry.objects.all().delete()
    entry = svc.entry_apply(
        actor=zone_a_leader, competition=comp, staff_id=org["clerk"].pk, post_id=org["chief"].pk
    )
    assert entry.status == EntryStatus.INELIGIBLE
    svc.competition_exceptional(actor=zone_a_leader, competition=comp, basis="开组字〔2026〕12号")
    entry.refresh_from_db()
    assert (entry.status, entry.eligibility) == (EntryStatus.APPLIED, [])


def test_exceptional_is_refused_after_publication_by_an_entrant_and_by_others(
    org, zone_a, zone_a_leader, client_for
):
    comp = make(zone_a_leader, zone_a, [(org["deputy"].pk, 1, Rank.STAFF)])
    entrant = f.staff_user(Role.PERSONNEL_OFFICER, org["clerk"], "hr_entrant")
    svc.entry_apply(actor=zone_a_leader, competition=comp, staff_id=org["clerk"].pk, post_id=org["deputy"].pk)
    with pytest.raises(PermissionDeniedError, match="回避"):
        svc.competition_exceptional(actor=entrant, competition=comp, basis="开组字〔2026〕12号")
    reviewer = f.user_with_role(Role.INVESTMENT_OFFICER, zone=zone_a, user__username="not_runner")
    with pytest.raises(PermissionDeniedError):
        svc.competition_exceptional(actor=reviewer, competition=comp, basis="开组字〔2026〕12号")
    Competition.objects.filter(pk=comp.pk).update(status=CompetitionStatus.PUBLICITY)
    with pytest.raises(DomainError, match="已公布拟任用人选"):
        svc.competition_exceptional(actor=zone_a_leader, competition=comp, basis="开组字〔2026〕12号")
    assert not Competition.objects.get(pk=comp.pk).exceptional
    page = client_for(zone_a_leader).get(comp.get_absolute_url()).content.decode()
    assert 'data-testid="exceptional-form"' not in page
