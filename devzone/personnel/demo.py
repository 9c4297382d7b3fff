"""The demo's recruitment, as the city's report tells it (reform_facts.yaml, recruitment_2020): one national
campaign of 125 posts across the zones, 4,250 applicants ("4200多人"), 60 of them for the five vice-director posts,
34 % postgraduates, 17.5 % from 双一流 universities, 34:1 on average and 294:1 at most — each figure is computed
from these rows by the statistics page. A second campaign is open now, and the demo candidate (``candidate``) is
mid-way through it: registered, applied, returned by the screening for a missing document.

The 2020 campaign goes the recruitment's own way (``_run_campaign``): each registration pre-checked against its
opening (``eligibility.precheck``), screened on it (who does not meet the requirements is rejected with them as the
reason), the exam ratio applied, tickets made, the interview list drawn from the written scores and the ranking
from both scores by the services, and every proposed hire through 体检, 考察 and 公示 before the campaign ends. The
applications, their screening, the scores and the hiring steps are written in bulk (thousands of rows) as their
services leave them; no rank and no 拟聘用 is written by hand, so nobody is ranked without scores or proposed for a
post whose requirements they do not meet."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from devzone.core import registry
from devzone.core.actors import system_actor
from devzone.core.choices import Education, Role
from devzone.core.models import Profile
from devzone.personnel import selection, vault
from devzone.personnel.choices import HireStepKind, HireStepOutcome
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.eligibility import precheck, reasons_in_site_language
from devzone.personnel.identity import make_identity
from devzone.personnel.models import Candidate, Opening, RecruitmentCampaign, Registration, RegistrationEvent
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import exams
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.universities import double_first_class

APPLICANTS = 4250
POSTS = 125
VICE_DIRECTORS = [14, 13, 12, 11, 10]  # 60 applicants for five posts
BUSIEST = 294
POSTGRADUATES = round(APPLICANTS * Decimal("0.34"))  # 1,445
DOUBLE_FIRST_CLASS = round(APPLICANTS * Decimal("0.175"))  # 744
TITLES = [
    "招商专员",
    "产业研究员",
    "项目经理",
    "规划设计师",
    "财务金融专员",
    "法务专员",
    "审批服务专员",
    "企业服务专员",
]
PROVINCES = ["山东省"] * 12 + ["河南省", "河北省", "江苏省", "北京市", "安徽省", "辽宁省", "陕西省", "湖北省"]
EMPLOYERS = (
    ["soe"] * 3 + ["private"] * 4 + ["institution"] * 2 + ["government", "graduate", "graduate", "other"]
)
REGIONS = ["370102", "370103", "370104", "370105", "370112"]  # 济南's districts
OTHER_SCHOOLS = [
    "济南大学",
    "山东财经大学",
    "山东师范大学",
    "青岛大学",
    "山东建筑大学",
    "齐鲁工业大学",
    "聊城大学",
]


def _counts(rng) -> list[int]:
    """Applicants per opening: five vice-director posts, one of 294, the rest (each at least 1:3) at random."""
    rest = APPLICANTS - sum(VICE_DIRECTORS) - BUSIEST
    n = POSTS - len(VICE_DIRECTORS) - 1
    weights = [rng.randint(5, 60) for _ in range(n)]
    counts = [max(3, rest * w // sum(weights)) for w in weights]
    counts[0] += rest - sum(counts)  # the remainder, so the total is exact
    return VICE_DIRECTORS + [BUSIEST] + counts


def _openings(campaign, zones, rng) -> list[Opening]:
    """The campaign's 125 openings, added by the city's office to its draft (``campaigns.opening_add``)."""
    actor = system_actor()
    zone_list = [z for z in zones.values() if z.merged_into_id is None]
    rows = []
    for n in range(POSTS):
        leader = n < len(VICE_DIRECTORS)
        rows.append(
            campaign_svc.opening_add(
                actor=actor,
                campaign=campaign,
                zone_id=zone_list[n % len(zone_list)].pk,
                code=f"{n + 1:03d}",
                title="管委会副主任" if leader else rng.choice(TITLES),
                leadership=leader,
                headcount=1,
                education_min=Education.MASTER if leader else Education.BACHELOR,
                age_max=45 if leader else 35,
                experience_years=8 if leader else 0,
            )
        )
    return rows


def _candidates(city, rng) -> list[Candidate]:
    User = get_user_model()
    unusable = make_password(None)  # the demo's applicants cannot log in; the demo candidate can
    users = User.objects.bulk_create(
        [User(username=f"demo_candidate_{n:05d}", password=unusable) for n in range(APPLICANTS)]
    )
    Profile.objects.bulk_create(
        [Profile(user=u, role=Role.CANDIDATE, city=city, display_name="") for u in users]
    )
    schools = sorted(double_first_class())
    order = list(range(APPLICANTS))
    rng.shuffle(order)
    postgraduate = set(order[:POSTGRADUATES])
    elite = set(order[POSTGRADUATES // 2 : POSTGRADUATES // 2 + DOUBLE_FIRST_CLASS])
    rows = []
    for n, user in enumerate(users):
        born = dt.date(rng.randint(1982, 1998), rng.randint(1, 12), rng.randint(1, 28))
        number = make_identity(REGIONS[n // 1000], born, n % 1000)  # (region, sequence) unique per applicant
        phone = f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}"
        education = (
            rng.choice([Education.MASTER] * 9 + [Education.DOCTORATE])
            if n in postgraduate
            else Education.BACHELOR
        )
        school = rng.choice(schools) if n in elite else rng.choice(OTHER_SCHOOLS)
        rows.append(
            Candidate(
                user=user,
                city=city,
                name=f"考生{n + 1:04d}",
                id_sealed=vault.seal(city.pk, number),
                id_digest=vault.digest(
                    city.pk, f"{number}-{n}"
                ),  # demo numbers repeat; the digest stays unique
                id_masked=vault.mask_identity(number),
                phone_sealed=vault.seal(city.pk, phone),
                phone_digest=vault.digest(city.pk, phone),
                phone_masked=vault.mask_phone(phone),
                birth_date=born,
                male=n % 2 == 1,
                education=education,
                school=school,
                double_first_class=n in elite,
                major=rng.choice(
                    ["经济学", "金融学", "城乡规划", "法学", "工商管理", "产业经济学", "土木工程"]
                ),
                graduated_on=dt.date(born.year + 23, 7, 1),
                experience_years=rng.randint(0, 15),
                political=rng.choice(["party", "party", "masses", "league"]),
                province=rng.choice(PROVINCES),
                employer_type=rng.choice(EMPLOYERS),
            )
        )
    return Candidate.objects.bulk_create(rows)


# the first applicants of every opening meet its requirements: each opening reaches the exam ratio (1:3)
FIT_FIRST = 3


def _assign(openings, candidates, counts, closes: dt.date) -> list[tuple[int, Opening, Candidate, list[str]]]:
    """Who applies where, with each application's place among its opening's applicants and its pre-check: every
    opening takes the first ``FIT_FIRST`` applicants of the pool who meet its requirements, then the next ones as
    they come (some of whom do not). Everyone applies once, so the campaign's figures (applicants, education,
    双一流) are those of the pool."""
    pool = list(candidates)
    taken = [False] * len(pool)
    nxt = 0  # the first applicant of the pool not yet taken
    rows = []
    for opening, count in zip(openings, counts, strict=True):
        chosen = []
        for i in range(nxt, len(pool)):
            if len(chosen) == min(FIT_FIRST, count):
                break
            if not taken[i] and not precheck(opening, pool[i], closes=closes):
                chosen.append(i)
                taken[i] = True
        while len(chosen) < count:
            while taken[nxt]:
                nxt += 1
            chosen.append(nxt)
            taken[nxt] = True
        while nxt < len(pool) and taken[nxt]:
            nxt += 1
        rows += [
            (place, opening, pool[i], precheck(opening, pool[i], closes=closes))
            for place, i in enumerate(chosen)
        ]
    return rows


def _events(regs, actor, step) -> list[RegistrationEvent]:
    """One event per registration, ``step(reg)`` giving (from, to, note), as the services record each move."""
    return RegistrationEvent.objects.bulk_create(
        [
            RegistrationEvent(registration=r, from_status=a, to_status=b, actor=actor, note=note)
            for r in regs
            for a, b, note in [step(r)]
        ],
        batch_size=1000,
    )


def _registrations(campaign, openings, candidates, counts, rng, own: random.Random) -> list[Registration]:
    """The applications (``counts`` per opening) as ``registrations.registration_submit`` stores them (pre-check
    made, an event each), screened as a reviewer reading the pre-check would (``registration_screen``'s event):
    who meets the requirements is qualified — but for a few who sent no diploma (审核不通过) — and who does not is
    rejected with the requirements as the reason. Each row is written once, as it stands after the screening,
    with the written score a qualified candidate will sit (one statement for thousands of rows; the ratio, the
    tickets and the interview list that read it are the services', ``_run_campaign``)."""
    actor = system_actor()
    closes = timezone.localdate(campaign.registration_closes)
    at = campaign.registration_opens
    rows = []
    for place, opening, candidate, problems in _assign(openings, candidates, counts, closes):
        no_diploma = place >= FIT_FIRST and rng.random() < 0.05
        status, note = S.QUALIFIED, ""
        if problems:
            status, note = S.REJECTED, "不符合岗位要求：" + "；".join(reasons_in_site_language(problems))
        elif no_diploma:
            status, note = S.REJECTED, "未按要求提供学历、学位证书"
        rows.append(
            Registration(
                campaign=campaign,
                opening=opening,
                zone_id=opening.zone_id,
                candidate=candidate,
                submitted_at=at + dt.timedelta(minutes=rng.randint(0, 14 * 24 * 60)),
                precheck=problems,
                status=status,
                screening_note=note,
                version=2,  # submitted, then screened
            )
        )
    for opening in openings:  # the written exam's scores, as the clerks will have entered them (``_scores``)
        sitting = [r for r in rows if r.opening is opening and r.status == S.QUALIFIED]
        for reg, score in zip(sitting, _scores(len(sitting), own), strict=True):
            reg.written_score = score
    Registration.objects.bulk_create(rows, batch_size=1000)
    _events(rows, actor, lambda r: ("", S.SUBMITTED, ""))
    _events(rows, actor, lambda r: (S.SUBMITTED, r.status, r.screening_note))
    return rows


def _scores(count: int, own: random.Random) -> list[Decimal]:
    """Written scores of one opening's candidates: all different (no two candidates equal on every score, so no
    加试 is left open in a finished campaign), the best at or above the pass line (60)."""
    marks = own.sample(range(4500, 9600), count)
    if max(marks) < 6000:
        marks[marks.index(max(marks))] += 3000
    return [Decimal(m) / 100 for m in marks]


FINISHED_WITHOUT_HIRES = "拟聘用人员已于2020年10月按规定办理聘用手续（平台上线前线下登记）"


def _run_campaign(campaign, openings, own: random.Random) -> None:
    """From the end of registration to the end of the campaign, by the services the city's office and the
    zones' 人事专员 use: the exam ratio per opening, the tickets, the interview list on the written scores (two
    clerks' agreed values, ``_registrations``), the interview scores, the ranking and its 拟聘用; then 体检, 考察 and 公示 of every
    proposed hire (in bulk, as their service leaves them) and the campaign ends (结束招聘). Each step's events are
    dated as the 2020 calendar had them."""
    actor = system_actor()
    campaign = campaign_svc.campaign_close(actor=actor, campaign=campaign)
    for o in openings:
        qualified = o.registrations.filter(status=S.QUALIFIED).count()
        verdict = selection.exam_ratio_verdict(
            qualified=qualified, headcount=o.headcount, ratio=campaign.exam_ratio
        )
        note = "" if verdict.action == "open" else "合格人数未达开考比例，按公告核减招聘计划"
        campaign_svc.opening_apply_ratio(actor=actor, opening=o, note=note)
    exams.tickets_assign(actor=actor, campaign=campaign)
    for o in openings:
        if o.registrations.filter(status=S.QUALIFIED).exists():
            exams.shortlist_opening(actor=actor, opening=o)
        shortlisted = list(o.registrations.filter(status=S.SHORTLISTED))
        for reg in shortlisted:
            reg.interview_score = Decimal(own.randint(6000, 9500)) / 100
        Registration.objects.bulk_update(shortlisted, ["interview_score"])
        if shortlisted:
            exams.rank_opening(actor=actor, opening=o)
    _dated(campaign)
    _hire_steps(campaign, actor)
    # 结束招聘: every opening decided but for the hires' 登记聘用, which in 2020 was done on paper before the
    # platform (a hire is a staff record of its zone: the demo's staff lists are the zones' as they stand)
    campaign_svc.campaign_finish(actor=actor, campaign=campaign, reason=FINISHED_WITHOUT_HIRES)


def _hire_steps(campaign, actor) -> None:
    """体检 and 考察 passed, 公示 run for the campaign's working days and ended without objection, for every
    proposed hire: the rows ``hiring.hire_step_record`` leaves, written at once for the 125 hires."""
    from devzone.core.workdays import get_calendar
    from devzone.personnel.models import HireStep

    medical = campaign.interview_on + dt.timedelta(days=10)
    start = medical + dt.timedelta(days=14)
    until = get_calendar().add_workdays(start, campaign.publicity_days)
    passed = HireStepOutcome.PASSED
    rows = []
    for reg in Registration.objects.filter(campaign=campaign, status=S.HIRED).order_by("pk"):
        rows += [
            HireStep(registration=reg, kind=HireStepKind.MEDICAL, outcome=passed, on=medical, actor=actor),
            HireStep(
                registration=reg,
                kind=HireStepKind.INSPECTION,
                outcome=passed,
                on=medical + dt.timedelta(days=10),
                actor=actor,
            ),
            HireStep(
                registration=reg,
                kind=HireStepKind.PUBLICITY,
                outcome=passed,
                on=start,
                publicity_until=until,
                concluded_on=until + dt.timedelta(days=1),
                actor=actor,
            ),
        ]
    HireStep.objects.bulk_create(rows)


def _dated(campaign) -> None:
    """The events written now carry the day each step was taken in 2020 (the services stamp the time they run)."""
    from django.db.models import OuterRef, Subquery

    events = RegistrationEvent.objects.filter(registration__campaign=campaign)
    submitted = Registration.objects.filter(pk=OuterRef("registration_id")).values("submitted_at")
    events.filter(from_status="").update(at=Subquery(submitted[:1]))

    def day(on: dt.date, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(on, dt.time(hour, 0)))

    closes = timezone.localdate(campaign.registration_closes)
    events.filter(to_status__in=[S.QUALIFIED, S.REJECTED]).update(at=day(closes + dt.timedelta(days=4), 10))
    events.filter(to_status__in=[S.SHORTLISTED, S.NOT_SHORTLISTED]).update(
        at=day(campaign.written_exam_on + dt.timedelta(days=12), 10)
    )
    events.filter(to_status__in=[S.RANKED, S.HIRED]).update(
        at=day(campaign.interview_on + dt.timedelta(days=3), 10)
    )


ANNOUNCEMENT = """为加快开发区高质量发展，济北经济开发区管理委员会面向社会公开招聘急需紧缺专业人才4名，实行雇员制管理。

一、报考条件：拥护中国共产党的领导，遵纪守法，品行端正；具有岗位要求的学历和专业；年龄以报名截止之日计算；身体健康。

二、报名方式：本次招聘一律网上报名。考生注册后填写个人信息、上传学历学位证书，每人限报一个岗位。报名期间可查看资格审核结果，被退回的按审核意见修改后重新提交。

三、考试：笔试合格分数线60分；按笔试成绩从高到低、招聘人数1:3的比例确定面试人选；综合成绩按笔试50%、面试50%计算。

四、拟聘用人员经体检、考察合格后公示7个工作日。

咨询电话：0531-88880000（工作日9:00—17:00）"""


def _open_campaign(city, zones, candidate_user) -> None:
    actor = system_actor()
    now = timezone.now()
    campaign = campaign_svc.campaign_create(
        actor=actor,
        city=city,
        title="2026年开发区急需紧缺专业人才公开招聘",
        announcement=ANNOUNCEMENT,
        registration_opens=now - dt.timedelta(days=3),
        registration_closes=now + dt.timedelta(days=11),
        written_exam_on=(now + dt.timedelta(days=25)).date(),
    )
    jibei = zones["济北经济开发区"]
    for code, title, majors in [("J01", "产业研究员", "经济学、产业经济学"), ("J02", "招商专员", "")]:
        campaign_svc.opening_add(
            actor=actor,
            campaign=campaign,
            zone_id=jibei.pk,
            code=code,
            title=title,
            headcount=2,
            education_min=Education.BACHELOR,
            majors=majors,
            age_max=35,
        )
    campaign_svc.campaign_publish(actor=actor, campaign=campaign)
    reg = reg_svc.registration_submit(actor=candidate_user, opening_id=campaign.openings.get(code="J01").pk)
    reg_svc.registration_screen(
        actor=actor, registration=reg, decision="return", note="请上传硕士学位证书扫描件后重新提交"
    )


def _demo_candidate(city):
    user = get_user_model().objects.get(username="candidate")
    Profile.objects.filter(user=user).update(display_name="王晓晨")
    number = make_identity("370112", dt.date(1996, 3, 18), 35)
    phone = "13900001234"
    Candidate.objects.create(
        user=user,
        city=city,
        name="王晓晨",
        id_sealed=vault.seal(city.pk, number),
        id_digest=vault.digest(city.pk, number),
        id_masked=vault.mask_identity(number),
        phone_sealed=vault.seal(city.pk, phone),
        phone_digest=vault.digest(city.pk, phone),
        phone_masked=vault.mask_phone(phone),
        birth_date=dt.date(1996, 3, 18),
        male=False,
        education=Education.MASTER,
        school="山东大学",
        double_first_class=True,
        major="产业经济学",
        graduated_on=dt.date(2021, 7, 1),
        experience_years=4,
        political="party",
        province="山东省",
        employer_type="soe",
    )
    return user


def campaign_2020(city, actor, title: str) -> RecruitmentCampaign:
    """The draft of the demo's finished campaign: registration from 1 June 2020 for two weeks, the written exam on
    5 July and the interview on 1 August 2020."""
    opens = timezone.make_aware(dt.datetime(2020, 6, 1, 9, 0))
    return campaign_svc.campaign_create(
        actor=actor,
        city=city,
        title=title,
        registration_opens=opens,
        registration_closes=opens + dt.timedelta(days=14),
        written_exam_on=dt.date(2020, 7, 5),
        interview_on=dt.date(2020, 8, 1),
    )


@registry.demo(50, "personnel")
def load(*, city, zones, zone, rng) -> None:
    # the scores' own random source, drawn from the demo's without moving it: the modules after this one build
    # the same city as before whatever the recruitment draws
    own = random.Random(str(rng.getstate()))
    actor = system_actor()
    campaign = campaign_2020(city, actor, "2020年济南市开发区专业化人才全国公开招聘")
    openings = _openings(campaign, zones, rng)
    # published in 2020 (``campaign_publish`` refuses a deadline already past: the move alone, as it was then)
    campaign = campaign_svc.CAMPAIGN_MOVES.apply(campaign, "publish", actor=actor)
    _share(city)
    candidates = _candidates(city, rng)
    _registrations(campaign, openings, candidates, _counts(rng), rng, own)
    _run_campaign(campaign, openings, own)
    _open_campaign(city, zones, _demo_candidate(city))
    _year_review(zone)
    _teams(zones)
    _competition(zones["临港经开区"])


# 班子 (reform_facts.yaml, leadership_teams): 74 % of the teams appointed on the reform day came by exchange,
# their average age is 5 years below the teams before, and twice as many hold a full-time bachelor's degree.
TEAM_MEMBERS = 50  # across the six zones: 37 exchanged = 74.0 %
POSTS_IN_TEAM = [
    "党工委书记",
    "管委会主任",
    "党工委副书记",
    "管委会副主任",
    "管委会副主任",
    "纪工委书记",
    "管委会副主任",
    "党工委委员",
    "管委会副主任",
]
EXCHANGED_FROM = [
    "市发展改革委",
    "市投资促进局",
    "历城区",
    "市科技局",
    "章丘区",
    "市商务局",
    "济阳区",
    "市财政局",
]


def _ages(total: int, count: int) -> list[int]:
    """``count`` ages adding up to ``total``, spread a few years around their mean."""
    base, extra = divmod(total, count)
    ages = [base + (1 if i >= count - extra else 0) for i in range(count)]
    for i in range(count // 2):  # spread symmetric pairs, the sum stays
        ages[i] -= count // 2 - i
        ages[count - 1 - i] += count // 2 - i
    return sorted(ages)


def _born(age: int) -> dt.date:
    return dt.date(2018 - age, 9, 15)  # that age on the day before the reform and on its day


def _share(city) -> None:
    """The city's 刚性淘汰比例 from the reform day (the personnel office may change it on the annual page)."""
    from devzone.core.demo import facts
    from devzone.personnel.models import EliminationShare

    low, high = facts.ELIMINATION_SHARE_PERCENT
    EliminationShare.objects.get_or_create(
        city=city,
        effective_from=dt.date.fromisoformat(facts.REFORM_DATE),
        defaults={"low_percent": low, "high_percent": high, "basis": facts.ELIMINATION_SHARE_BASIS},
    )


def _teams(zones) -> None:
    from devzone.core.demo import facts
    from devzone.personnel.models import TeamMember

    reform = dt.date.fromisoformat(facts.REFORM_DATE)
    live = [z for z in zones.values() if z.merged_into_id is None]
    sizes = [TEAM_MEMBERS // len(live) + (1 if i < TEAM_MEMBERS % len(live) else 0) for i in range(len(live))]
    staying = TEAM_MEMBERS - round(TEAM_MEMBERS * Decimal("0.74"))
    stays = [staying // len(live) + (1 if i < staying % len(live) else 0) for i in range(len(live))]
    rows = []

    def member(zone, post: int, age: int, education: str, **rest) -> TeamMember:
        """The team's next member (班子成员01, 02 … across the zones), in the ``post``-th post of the list."""
        return TeamMember(
            zone=zone,
            name=f"班子成员{len(rows) + 1:02d}",
            post=POSTS_IN_TEAM[post % len(POSTS_IN_TEAM)],
            birth_date=_born(age),
            fulltime_education=education,
            **rest,
        )

    for zone, size, stay in zip(live, sizes, stays, strict=True):
        before = _ages(50 * size, size)
        for i, age in enumerate(before):
            first, left_on = Education.BACHELOR if i == 0 else "", None if i < stay else reform
            rows.append(member(zone, i, age, first, joined_on=dt.date(2014, 3, 1), left_on=left_on))
        new = _ages(45 * size - sum(before[:stay]), size - stay)
        for i, age in enumerate(new):
            first = Education.MASTER if i == 0 else ""
            exchanged_from = EXCHANGED_FROM[(len(rows) + 1) % len(EXCHANGED_FROM)]
            rows.append(member(zone, stay + i, age, first, exchanged_from=exchanged_from, joined_on=reform))
    TeamMember.objects.bulk_create(rows)


def _year_review(zone) -> None:
    """济北's 2026 reviews proposed from its published quarters, one term target found unmet and its case."""
    from devzone.core.models import Staff
    from devzone.personnel.services import staffing

    actor = system_actor()
    staffing.reviews_prepare(actor=actor, zone=zone, year=2026)
    person = Staff.objects.filter(zone=zone, is_active=True).order_by("employee_no").last()
    target = staffing.term_target_add(
        actor=actor,
        zone=zone,
        staff=person,
        term_end=dt.date(2026, 9, 30),
        target="聘期内引进亿元以上项目2个",
    )
    staffing.term_target_assess(actor=actor, target=target, met=False, assessment="聘期内引进亿元以上项目1个")
    incompetent = _incompetent_review(zone, actor, spare=person)
    staffing.cases_flag(actor=actor, zone=zone, year=2026)
    if incompetent is not None:
        _refused_adjustment(zone, actor, incompetent)


# 年度考核不称职 → 解聘 as far as the law (``DismissalRule``, 条例第十八条) lets the demo go on its own: in a first
# 不称职 year the leaders decide a post adjustment (降岗); the person refuses it in writing, and the case is back
# with the leaders (不同意调整岗位) with 解聘 open — the decision, its notice period and the appeal are ``leader``'s.
INCOMPETENT_NOTE = "经领导班子研究，结合全年工作实绩和群众评议，确定为不称职"
DEMOTION_REASON = "年度考核不称职，调整到较低岗位"
REFUSAL_STATEMENT = "本人书面表示不同意降岗"
WEAKEST_FIRST = ["incompetent", "basic", "competent", "excellent"]


def _incompetent_review(zone, actor, *, spare):
    """The 2026 review graded 不称职: of the staff without an account (no leader or officer decides their own case),
    the one whose quarters propose the lowest grade, the lowest 工号 among equals; ``spare`` (whose term target is
    the demo's other case) is left alone. None when the zone has no review (the performance part not loaded)."""
    from devzone.core.models import Profile
    from devzone.personnel.models import AnnualReview
    from devzone.personnel.services import staffing

    reviews = (
        AnnualReview.objects.filter(zone=zone, year=2026, staff__is_active=True)
        .exclude(staff=spare)
        .exclude(staff__in=Profile.objects.filter(staff__isnull=False).values("staff"))
        .select_related("staff")
    )
    review = min(reviews, key=lambda r: (WEAKEST_FIRST.index(r.proposed), r.staff.employee_no), default=None)
    if review is None:
        return None
    return staffing.review_decide(actor=actor, review=review, grade="incompetent", note=INCOMPETENT_NOTE)


def _refused_adjustment(zone, actor, review) -> None:
    from devzone.personnel.choices import EliminationAction, EliminationTrigger
    from devzone.personnel.models import EliminationCase
    from devzone.personnel.services import staffing

    case = EliminationCase.objects.get(
        zone=zone, staff_id=review.staff_id, year=review.year, trigger=EliminationTrigger.INCOMPETENT
    )
    case = staffing.case_decide(
        actor=actor, case=case, action=EliminationAction.DEMOTE, reason=DEMOTION_REASON
    )
    staffing.case_refuse(actor=actor, case=case, statement=REFUSAL_STATEMENT)


# 竞聘上岗 at 临港 (reform_facts.yaml, competitive_appointment_example): 20 middle and lower posts, 12 won by people
# from lower posts, average age 45 → 39. Eight holders keep their posts; twelve lose them to younger staff.
COMPETITION_ON = dt.date(2019, 10, 14)


def _competition(zone) -> None:
    from devzone.core.choices import Rank
    from devzone.core.models import Department, Post
    from devzone.personnel.services import competition as svc

    actor = system_actor()
    departments = list(Department.objects.filter(zone=zone, abolished_on__isnull=True).order_by("order"))
    keep_ages, lose_ages = _ages(348, 8), _ages(900 - 348, 12)  # the holders: 45.0 on average
    young_ages = _ages(39 * 20 - 348, 12)  # the appointees: 39.0 on average
    posts, holders, young = [], [], []
    for n in range(20):
        dept = departments[n % len(departments)]
        post = Post.objects.create(
            zone=zone,
            department=dept,
            name=f"{dept.name}主管{n + 1:02d}",
            rank=Rank.DEPUTY_SECTION,
            value_coefficient=Decimal("1.10"),
        )
        posts.append(post)
        age = keep_ages[n] if n < 8 else lose_ages[n - 8]
        edu = Education.BACHELOR if n % 3 else Education.COLLEGE
        holders.append(_staff(zone, dept, f"LG-H{n + 1:02d}", age, Rank.DEPUTY_SECTION, edu, post))
        if n >= 8:
            edu = Education.MASTER if n % 2 else Education.BACHELOR
            young.append(_staff(zone, dept, f"LG-Y{n - 7:02d}", young_ages[n - 8], Rank.STAFF, edu, None))
    comp = svc.competition_create(
        actor=actor,
        zone=zone,
        title="2019年中层及以下岗位竞聘上岗",
        posts=[(p.pk, 1, Rank.STAFF) for p in posts],
    )
    entries = []
    for n, post in enumerate(posts):
        people = [holders[n]] + ([young[n - 8]] if n >= 8 else [])
        entries.append(
            [
                svc.entry_apply(
                    actor=actor, competition=comp, staff_id=p.pk, post_id=post.pk, on=COMPETITION_ON
                )
                for p in people
            ]
        )
    svc.competition_close(actor=actor, competition=comp)
    for group in entries:
        svc.entry_score(actor=actor, entry=group[0], speech="86", evaluation="84")
        for rival in group[1:]:
            svc.entry_score(actor=actor, entry=rival, speech="91", evaluation="89")
    svc.competition_publish(actor=actor, competition=comp, on=COMPETITION_ON)
    svc.competition_finalize(actor=actor, competition=comp, on=COMPETITION_ON + dt.timedelta(days=14))


def _staff(zone, dept, number, age, rank, education, post):
    from devzone.core.choices import EmploymentType, Rank
    from devzone.core.models import Staff

    return Staff.objects.create(
        zone=zone,
        department=dept,
        post=post,
        employee_no=number,
        name=f"临港职员{number[-3:]}",
        gender="male" if int(number[-2:]) % 2 else "female",
        birth_date=dt.date(2018 - age, 12, 1),
        education=education,
        employment_type=EmploymentType.CONTRACT,
        rank=rank,
        hired_on=dt.date(2012, 3, 1),
        # 任现职级: the holders took their 副科 rank in 2016, the others hold theirs since hired (竞聘's 任职年限)
        rank_since=dt.date(2016, 7, 1) if rank == Rank.DEPUTY_SECTION else dt.date(2012, 3, 1),
    )
