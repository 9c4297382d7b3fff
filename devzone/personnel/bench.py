"""The recruitment's part of ``devzone loadgen``: a campaign with its openings and N candidates who registered and
applied, most of them in the last hour before the deadline (4,200 as the city's campaign, 100,000 for a national
one). The surge itself — real HTTP registrations and applications against gunicorn — is
``devzone personnel_surge`` (``personnel.surge``, docs/benchmark.md).

Like core's load generator it writes with ``bulk_create``, past the services: no audit rows, no events. Identity
and phone numbers are sealed and digested under the city's key as the services do, so the rows are what a real
campaign leaves."""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo

from django.contrib.auth import get_user_model
from django.db import transaction

from devzone.core import registry
from devzone.core.bench import REFERENCE_DAY
from devzone.core.choices import Education, Role
from devzone.personnel import vault
from devzone.personnel.choices import CampaignStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.identity import make_identity

BATCH = 2000
OPENINGS = 125
LOAD_PREFIX = "lgcand"  # usernames of the load generator's candidates (no one can log in with them)
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
TITLES = ["招商专员", "产业研究员", "项目经理", "规划设计师", "财务金融专员", "法务专员", "企业服务专员"]
SCHOOLS = ["山东大学", "济南大学", "山东财经大学", "山东师范大学", "青岛大学", "中国海洋大学", "北京大学"]
MAJORS = ["经济学", "金融学", "城乡规划", "法学", "工商管理", "产业经济学", "土木工程"]
PROVINCES = ["山东省"] * 6 + ["河南省", "河北省", "江苏省", "北京市", "安徽省"]
EMPLOYERS = ["soe", "private", "private", "institution", "government", "graduate", "other"]


def make_campaign(zone, *, title: str, opens, closes, status, openings: int = OPENINGS, rng=None):
    """A campaign of the zone's city with ``openings`` openings in the zone (codes 001…)."""
    from devzone.personnel.models import Opening, RecruitmentCampaign

    rng = rng or random.Random(1)
    campaign = RecruitmentCampaign.objects.create(
        city_id=zone.city_id,
        title=title,
        status=status,
        registration_opens=opens,
        registration_closes=closes,
    )
    rows = [
        Opening(
            campaign=campaign,
            zone=zone,
            code=f"{n + 1:03d}",
            title=rng.choice(TITLES),
            headcount=rng.choice((1, 1, 1, 2, 3)),
            education_min=Education.BACHELOR,
            age_max=40,
        )
        for n in range(openings)
    ]
    return campaign, Opening.objects.bulk_create(rows)


def make_candidates(city_id: int, count: int, *, rng, password_hash: str, log=print) -> list:
    """``count`` new candidate accounts (user, profile, candidate) with valid, unique identity numbers (after the
    ones the load generator already made) and sealed numbers. Every account gets ``password_hash``."""
    from devzone.core.models import Profile
    from devzone.personnel.models import Candidate
    from devzone.personnel.universities import is_double_first_class

    User = get_user_model()
    start = User.objects.filter(username__startswith=LOAD_PREFIX).count()
    made = []
    for lo in range(0, count, BATCH):
        n_batch = min(BATCH, count - lo)
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(username=f"{LOAD_PREFIX}{start + lo + i:07d}", password=password_hash)
                    for i in range(n_batch)
                ]
            )
            Profile.objects.bulk_create(
                [Profile(user=u, role=Role.CANDIDATE, city_id=city_id, display_name="") for u in users]
            )
            rows = []
            for i, user in enumerate(users):
                seq = start + lo + i
                # (birth date, sequence) is unique per seq: 1,000 numbers a day from 1984-01-01 on.
                born = dt.date(1984, 1, 1) + dt.timedelta(days=seq // 1000)
                number = make_identity("370102", born, seq % 1000)
                phone = f"19{seq:09d}"
                school = rng.choice(SCHOOLS)
                rows.append(
                    Candidate(
                        user=user,
                        city_id=city_id,
                        name=f"压测考生{seq:06d}",
                        id_sealed=vault.seal(city_id, number),
                        id_digest=vault.digest(city_id, number),
                        id_masked=vault.mask_identity(number),
                        phone_sealed=vault.seal(city_id, phone),
                        phone_digest=vault.digest(city_id, phone),
                        phone_masked=vault.mask_phone(phone),
                        birth_date=born,
                        male=seq % 2 == 1,
                        education=rng.choice([Education.BACHELOR] * 2 + [Education.MASTER]),
                        school=school,
                        double_first_class=is_double_first_class(school),
                        major=rng.choice(MAJORS),
                        graduated_on=dt.date(born.year + 23, 7, 1),
                        experience_years=rng.randint(0, 10),
                        political=rng.choice(["party", "masses", "league"]),
                        province=rng.choice(PROVINCES),
                        employer_type=rng.choice(EMPLOYERS),
                    )
                )
            made.extend(Candidate.objects.bulk_create(rows))
        log(f"  应聘人员 {lo + n_batch:,}/{count:,}")
    return made


def surge_times(rng, count: int, closes: dt.datetime, opens: dt.datetime) -> list[dt.datetime]:
    """When each registration arrived: 60 % in the last hour before the deadline, 25 % in the rest of the last
    day, 15 % spread over the window before (sorted)."""
    last_hour, last_day = 3600, 86400
    window = max(int((closes - opens).total_seconds()), last_day + 1)
    out = []
    for _ in range(count):
        r = rng.random()
        if r < 0.60:
            back = rng.uniform(1, last_hour)
        elif r < 0.85:
            back = rng.uniform(last_hour, last_day)
        else:
            back = rng.uniform(last_day, window)
        out.append(closes - dt.timedelta(seconds=back))
    return sorted(out)


def analyze() -> None:
    """Fresh planner statistics for the tables written (see docs/benchmark.md: bulk loads leave the planner
    blind)."""
    from devzone.core.loadgen import refresh_statistics
    from devzone.core.models import Profile
    from devzone.personnel.models import Candidate, Opening, RecruitmentCampaign, Registration

    refresh_statistics(get_user_model(), Profile, Candidate, RecruitmentCampaign, Opening, Registration)


@registry.load(
    "candidates",
    "公开招聘：新建一个125个岗位的招聘公告，并生成N名应聘人员及其报名（60%在截止前一小时）",
)
def load_candidates(*, zone, count: int, seed: int, log=print) -> dict:
    from django.contrib.auth.hashers import make_password

    from devzone.personnel.models import Registration

    started = time.perf_counter()
    rng = random.Random(seed)
    closes = dt.datetime.combine(REFERENCE_DAY, dt.time(18, 0), tzinfo=BEIJING)
    opens = closes - dt.timedelta(days=14)
    campaign, openings = make_campaign(
        zone,
        title=f"压力测试招聘公告（{count:,}人报名）",
        opens=opens,
        closes=closes,
        status=CampaignStatus.CLOSED,
        rng=rng,
    )
    candidates = make_candidates(zone.city_id, count, rng=rng, password_hash=make_password(None), log=log)
    # A few openings draw most applicants, as in the city's campaign (294:1 at most, 34:1 on average).
    weights = [rng.paretovariate(1.2) for _ in openings]
    times = surge_times(rng, count, closes, opens)
    rows = [
        Registration(
            campaign=campaign,
            opening=opening,
            zone_id=opening.zone_id,
            candidate=candidate,
            status=S.SUBMITTED,
            submitted_at=at,
        )
        for candidate, at, opening in zip(
            candidates, times, rng.choices(openings, weights, k=count), strict=True
        )
    ]
    for i in range(0, len(rows), BATCH):
        with transaction.atomic():
            Registration.objects.bulk_create(rows[i : i + BATCH])
    analyze()
    last_hour = sum(1 for t in times if t >= closes - dt.timedelta(hours=1))
    return {
        "campaign": campaign.pk,
        "openings": len(openings),
        "candidates": len(candidates),
        "registrations": len(rows),
        "last_hour": last_hour,
        "seconds": round(time.perf_counter() - started, 1),
    }
