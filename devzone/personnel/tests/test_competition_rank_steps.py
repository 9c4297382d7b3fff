"""逐级晋升 in 竞聘上岗 (《党政领导干部选拔任用工作条例》第八、九条, as ``PromotionRule`` data): a post is opened at most
one rank below its own (the same rank is a lateral move), and nobody is appointed more than one rank up — unless
the competition is 破格, on a written approval that is stored, shown and audited. On the service, the page and the
API; an entrant admitted before the rule is stopped at publication and at appointment."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from devzone.core.choices import AuditAction, Rank, Role
from devzone.core.errors import DomainError
from devzone.core.models import AuditEvent, Staff
from devzone.personnel.choices import CompetitionStatus, EntryStatus
from devzone.personnel.models import Competition, CompetitionEntry, PromotionRule
from devzone.personnel.services import competition as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/personnel"
ON = dt.date(2026, 9, 28)


@pytest.fixture
def org(zone_a):
    dept = f.DepartmentFactory(zone=zone_a, name="投资促进部")
    return {
        "chief": f.PostFactory(zone=zone_a, department=dept, name="部长", rank=Rank.SECTION_CHIEF),
        "deputy": f.PostFactory(zone=zone_a, department=dept, name="副部长", rank=Rank.DEPUTY_SECTION),
        "clerk": f.StaffFactory(zone=zone_a, department=dept, name="科员甲", rank=Rank.STAFF),
    }


def make(leader, zone, posts, **fields):
    return svc.competition_create(actor=leader, zone=zone, title="中层岗位竞聘", posts=posts, **fields)


def exceptional_for_the_chief(org, zone, leader):
    """A 破格 competition for the chief's post, open down to 科员 on its written approval (开组字〔2026〕12号)."""
    return make(
        leader,
        zone,
        [(org["chief"].pk, 1, Rank.STAFF)],
        exceptional=True,
        exceptional_basis="开组字〔2026〕12号",
    )


def test_it_keeps_the_rule_as_data_with_its_source():
    rule = svc.promotion_rule(timezone.localdate())
    assert rule is not None and rule.max_steps == 1
    assert "党政领导干部选拔任用工作条例" in rule.basis and "逐级提拔" in rule.basis


def test_it_refuses_a_section_chief_post_opened_to_staff_level(org, zone_a, zone_a_leader):
    with pytest.raises(DomainError) as refused:
        make(zone_a_leader, zone_a, [(org["chief"].pk, 1, Rank.STAFF)])
    assert "posts" in refused.value.errors
    text = str(refused.value.errors["posts"])
    assert "副科级" in text and "破格" in text and "选拔任用工作条例" in text
    assert not Competition.objects.exists()


def test_it_allows_one_rank_below_and_lateral_moves(org, zone_a, zone_a_leader):
    comp = make(
        zone_a_leader,
        zone_a,
        [(org["chief"].pk, 1, Rank.DEPUTY_SECTION), (org["deputy"].pk, 1, Rank.STAFF)],
    )
    assert comp.posts.count() == 2 and not comp.exceptional
    lateral = make(zone_a_leader, zone_a, [(org["chief"].pk, 1, Rank.SECTION_CHIEF)])
    assert lateral.posts.get().min_rank == Rank.SECTION_CHIEF


def test_it_follows_the_rule_in_force(org, zone_a, zone_a_leader):
    """The law is data: a rule of two steps admits what one refuses; no rule, the ranks are free as before."""
    PromotionRule.objects.create(max_steps=2, basis="试点办法", effective_from=timezone.localdate())
    assert make(zone_a_leader, zone_a, [(org["chief"].pk, 1, Rank.STAFF)]).posts.count() == 1
    PromotionRule.objects.all().delete()
    assert make(zone_a_leader, zone_a, [(org["chief"].pk, 1, Rank.STAFF)]).posts.count() == 1


def test_it_takes_exceptional_only_with_its_written_approval_stored_and_audited(org, zone_a, zone_a_leader):
    with pytest.raises(DomainError) as refused:
        make(
            zone_a_leader, zone_a, [(org["chief"].pk, 1, Rank.STAFF)], exceptional=True, exceptional_basis=" "
        )
    assert "exceptional_basis" in refused.value.errors
    comp = exceptional_for_the_chief(org, zone_a, zone_a_leader)
    comp.refresh_from_db()
    assert (comp.exceptional, comp.exceptional_basis) == (True, "开组字〔2026〕12号")
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE, object_id=str(comp.pk), content_type__model="competition"
    )
    assert "开组字〔2026〕12号" in event.note and event.changes["exceptional"] == [False, True]
    # the basis is not kept on a competition that is no 破格
    plain = make(zone_a_leader, zone_a, [(org["deputy"].pk, 1, Rank.STAFF)], exceptional_basis="无关")
    assert plain.exceptional_basis == ""


def _admitted_before_the_rule(org, zone_a, zone_a_leader):
    """A competition whose 正科 post was opened to 科员 before the rule (the row as it was left), with a 科员
    entered and admitted then."""
    comp = make(zone_a_leader, zone_a, [(org["chief"].pk, 1, Rank.DEPUTY_SECTION)])
    target = comp.posts.get()
    type(target).objects.filter(pk=target.pk).update(min_rank=Rank.STAFF)
    target.refresh_from_db()
    entry = CompetitionEntry.objects.create(
        competition=comp, target=target, staff=org["clerk"], previous_rank=Rank.STAFF, age=30
    )
    return comp, entry


def test_it_finds_an_entrant_ineligible_on_a_post_opened_too_low(org, zone_a, zone_a_leader):
    comp, _entry = _admitted_before_the_rule(org, zone_a, zone_a_leader)
    CompetitionEntry.objects.all().delete()
    entry = svc.entry_apply(
        actor=zone_a_leader, competition=comp, staff_id=org["clerk"].pk, post_id=org["chief"].pk, on=ON
    )
    assert entry.status == EntryStatus.INELIGIBLE and "职级应为副科级及以上" in entry.eligibility


def test_my_competitions_do_not_offer_a_post_opened_too_low(org, zone_a, zone_a_leader):
    """我的竞聘 lists the posts a person may enter by the same rule as entering: a 正科 post opened to 科员 before
    the rule is not offered to a 科员 (who would be refused), the 副科 post of the same rank-step is."""
    from devzone.personnel.selectors import posts_open_to

    comp, _entry = _admitted_before_the_rule(org, zone_a, zone_a_leader)
    CompetitionEntry.objects.all().delete()
    deputy = comp.posts.create(post=org["deputy"], seats=1, min_rank=Rank.STAFF)
    clerk_user = f.staff_user(Role.INVESTMENT_OFFICER, org["clerk"], "clerk_desk")
    assert [p.pk for p in posts_open_to(clerk_user, org["clerk"], ON)] == [deputy.pk]


def test_it_does_not_publish_an_entrant_admitted_before_the_rule(org, zone_a, zone_a_leader):
    comp, entry = _admitted_before_the_rule(org, zone_a, zone_a_leader)
    svc.competition_close(actor=zone_a_leader, competition=comp)
    svc.entry_score(actor=zone_a_leader, entry=entry, speech="90", evaluation="90")
    with pytest.raises(DomainError, match="不能越级任用"):
        svc.competition_publish(actor=zone_a_leader, competition=comp, on=ON)
    comp.refresh_from_db()
    entry.refresh_from_db()
    assert (comp.status, entry.status) == (CompetitionStatus.SCORING, EntryStatus.SCORED)


def test_finalize_does_not_promote_an_entrant_more_than_one_rank(org, zone_a, zone_a_leader):
    comp, entry = _admitted_before_the_rule(org, zone_a, zone_a_leader)
    CompetitionEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.APPOINTED, total=90, rank=1)
    Competition.objects.filter(pk=comp.pk).update(
        status=CompetitionStatus.PUBLICITY, publicity_from=ON, publicity_until=dt.date(2026, 10, 13)
    )
    with pytest.raises(DomainError, match="科员甲"):
        svc.competition_finalize(actor=zone_a_leader, competition=comp, on=dt.date(2026, 11, 2))
    clerk = Staff.objects.get(pk=org["clerk"].pk)
    assert (clerk.rank, clerk.post_id) == (Rank.STAFF, None)
    assert Competition.objects.get(pk=comp.pk).status == CompetitionStatus.PUBLICITY


def test_finalize_promotes_across_ranks_in_an_exceptional_competition(org, zone_a, zone_a_leader):
    comp = exceptional_for_the_chief(org, zone_a, zone_a_leader)
    entry = svc.entry_apply(
        actor=zone_a_leader, competition=comp, staff_id=org["clerk"].pk, post_id=org["chief"].pk, on=ON
    )
    assert entry.status == EntryStatus.APPLIED
    svc.competition_close(actor=zone_a_leader, competition=comp)
    svc.entry_score(actor=zone_a_leader, entry=entry, speech="90", evaluation="90")
    svc.competition_publish(actor=zone_a_leader, competition=comp, on=ON)
    svc.competition_finalize(actor=zone_a_leader, competition=comp, on=dt.date(2026, 11, 2))
    assert Staff.objects.get(pk=org["clerk"].pk).rank == Rank.SECTION_CHIEF


def form(**extra) -> dict:
    return {"title": "中层岗位竞聘", "min_years": "2", "speech_percent": "60", "publicity_days": "5", **extra}


def test_the_page_shows_the_rule_where_min_rank_is_set_and_refuses_skipping(org, zone_a_leader, client_for):
    c = client_for(zone_a_leader)
    page = c.get(reverse("personnel:competition_new")).content.decode()
    assert 'data-testid="rank-rule"' in page and "选拔任用工作条例" in page and "破格批准依据" in page
    rows = {"posts.0.post": org["chief"].pk, "posts.0.seats": "1", "posts.0.min_rank": Rank.STAFF}
    refused = c.post(reverse("personnel:competition_new"), form(**rows))
    assert refused.status_code == 200 and "越级须按破格办理" in refused.content.decode()
    assert not Competition.objects.exists()
    no_basis = c.post(reverse("personnel:competition_new"), form(exceptional="on", **rows))
    assert no_basis.status_code == 200 and "破格竞聘须填写批准依据" in no_basis.content.decode()
    made = c.post(
        reverse("personnel:competition_new"),
        form(exceptional="on", exceptional_basis="开组字〔2026〕12号", **rows),
    )
    comp = Competition.objects.get()
    assert made.status_code == 302 and comp.exceptional_basis == "开组字〔2026〕12号"
    shown = c.get(comp.get_absolute_url()).content.decode()
    assert 'data-testid="competition-exceptional"' in shown and "开组字〔2026〕12号" in shown


def test_the_api_refuses_skipping_and_takes_exceptional_with_its_basis(org, zone_a_leader, client_for):
    c = client_for(zone_a_leader)
    body = {"title": "中层岗位竞聘", "posts": [{"post": org["chief"].pk, "seats": 1, "min_rank": "staff"}]}
    refused = c.post_json(f"{API}/competitions", body)
    assert refused.status_code == 400 and "posts" in refused.json()["errors"]
    assert c.post_json(f"{API}/competitions", {**body, "exceptional": True}).status_code == 400
    made = c.post_json(
        f"{API}/competitions", {**body, "exceptional": True, "exceptional_basis": "开组字〔2026〕12号"}
    )
    assert made.status_code == 201, made.content
    assert (made.json()["exceptional"], made.json()["exceptional_basis"]) == (True, "开组字〔2026〕12号")
