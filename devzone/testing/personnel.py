"""Shared builders for the personnel module's tests: a campaign with openings in two zones and candidates made
through the real registration service (phone code from the file gateway)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from devzone.core.actors import system_actor
from devzone.personnel import sms
from devzone.personnel.identity import make_identity
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import candidates as candidate_svc

PASSWORD = "Candidate-2026!"


def make_campaign(city, zones, *, opens=None, days=10, headcount=1, **fields):
    """A published campaign whose registration is open now, with one opening per zone (codes A01, B01 …)."""
    opens = opens or timezone.now() - dt.timedelta(days=1)
    actor = system_actor()
    # what 暂行规定第十三条 asks the announcement to state before it is published: its text and the exam's date
    fields.setdefault("announcement", "招聘单位情况、岗位及条件、招聘办法、考试时间和报名方法详见本公告。")
    if fields.get("interview_on") is None:
        fields.setdefault(
            "written_exam_on", timezone.localdate(opens + dt.timedelta(days=days)) + dt.timedelta(days=7)
        )
    campaign = campaign_svc.campaign_create(
        actor=actor,
        city=city,
        title=fields.pop("title", "2026年开发区专业人才公开招聘"),
        registration_opens=opens,
        registration_closes=opens + dt.timedelta(days=days),
        **fields,
    )
    for n, zone in enumerate(zones):
        add_opening(campaign, zone, f"{'ABCDEFGH'[n]}01", actor=actor, headcount=headcount, age_max=35)
    return campaign_svc.campaign_publish(actor=actor, campaign=campaign)


def add_opening(campaign, zone, code: str = "A01", *, actor=None, **fields):
    """An opening of the draft ``campaign`` in ``zone``, added by ``actor`` (the system by default): one 招商专员
    for 本科 and up, unless ``fields`` say otherwise."""
    fields = {"title": "招商专员", "headcount": 1, "education_min": "bachelor", **fields}
    return campaign_svc.opening_add(
        actor=actor or system_actor(), campaign=campaign, zone_id=zone.pk, code=code, **fields
    )


def last_code(phone: str) -> str:
    lines = [
        ln
        for ln in settings.DEVZONE_SMS_FILE.read_text(encoding="utf-8").splitlines()
        if ln.startswith(phone)
    ]
    return lines[-1].split("验证码 ")[1][:6]


# what a candidate's registration takes besides identity, phone and password (a master's of 山东大学, 3 years)
PROFILE = {
    "education": "master",
    "school": "山东大学",
    "major": "经济学",
    "graduated_on": dt.date(2020, 7, 1),
    "experience_years": 3,
    "political": "party",
    "province": "山东省",
    "employer_type": "soe",
}


def make_candidate(city, n: int, *, born=dt.date(1995, 5, 1), **profile):
    """A registered candidate (the n-th: phone 1390000nnnn, a valid identity number)."""
    phone = f"1390000{n:04d}"
    # the cache the limits count in outlives a transactional (browser) test's database: start each build afresh
    sms.SEND_PER_PHONE.reset(phone)
    sms.SEND_PER_SOURCE.reset(f"test-{n}")
    assert sms.send_code(phone, source=f"test-{n}") is None
    fields = {"name": f"考生{n}", **PROFILE} | profile
    return candidate_svc.candidate_register(
        city=city,
        phone=phone,
        code=last_code(phone),
        id_number=make_identity("370102", born, n % 1000),
        password=PASSWORD,
        **fields,
    )


def scores(*values) -> list[Decimal]:
    return [Decimal(str(v)) for v in values]


def proposed_since(day: dt.date, *registrations) -> None:
    """Date the 拟聘用 of ``registrations`` (their events to that status) on ``day``, at noon Beijing time: no hiring
    step is dated before it (``hiring.proposed_on``), so a test that records the steps on fixed days ranks its
    candidates — or moves them up — before those days."""
    from devzone.personnel.choices import RegistrationStatus
    from devzone.personnel.models import RegistrationEvent

    at = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    RegistrationEvent.objects.filter(
        registration__in=[r.pk for r in registrations], to_status=RegistrationStatus.HIRED
    ).update(at=at)


@contextmanager
def recorded_on(day: dt.date):
    """Hiring steps recorded as on ``day`` (``hiring.today``): a 公示 starts no earlier than the day it is
    recorded, so a test that runs one on fixed days records each step on its day."""
    from devzone.personnel.services import hiring

    saved = hiring.today
    hiring.today = lambda: day
    try:
        yield
    finally:
        hiring.today = saved


def staff_of(zone, registration, **fields):
    """The staff record of ``registration``'s candidate in ``zone`` (their name and birth date), which 登记聘用 takes
    for the hire (``budget.hire_record``: another person is refused)."""
    from devzone.testing import factories as f

    candidate = registration.candidate
    return f.StaffFactory(zone=zone, name=candidate.name, birth_date=candidate.birth_date, **fields)


def record_step(officer, registration, kind: str, outcome: str, on, note: str = ""):
    """``officer`` records a hiring step (体检、考察、公示) of ``registration`` through the service, as on the
    registration's page: the step recorded, or the service's refusal raised."""
    from devzone.personnel.services import hiring

    return hiring.hire_step_record(
        actor=officer, registration=registration.pk, kind=kind, outcome=outcome, on=on, note=note
    )


def campaign_form_data(year: int, **changes) -> dict:
    """What the page's 新建招聘公告 form posts for a campaign of ``year`` (registration in March, the written exam in
    April, 1:3, 60 % written), with ``changes``."""
    return {
        "title": f"{year}年开发区专业人才公开招聘",
        "registration_opens": f"{year}-03-01T09:00",
        "registration_closes": f"{year}-03-10T17:00",
        "written_exam_on": f"{year}-04-11",
        "interview_on": "",
        "exam_ratio": "3",
        "written_percent": "60",
        "written_pass_line": "60",
        "publicity_days": "7",
        "announcement": "招聘单位情况、岗位及条件、招聘办法、考试时间和报名方法详见本公告。",
        **changes,
    }


def jinan_office(*, headcount: int = 1):
    """What the browser tests start from: 济南市 with 济北经济开发区, a published campaign open now with one opening
    there, and the zone's two 人事专员 (李娜 ``hr1``, 赵峰 ``hr2``). City, zone, campaign and the officers."""
    from devzone.core.choices import Role
    from devzone.testing import factories as f

    city = f.CityFactory(name="济南市", code="370100")
    zone = f.ZoneFactory(city=city, name="济南济北经济开发区", short_name="济北经济开发区")
    campaign = make_campaign(city, [zone], headcount=headcount)
    officers = [
        f.user_with_role(Role.PERSONNEL_OFFICER, zone=zone, user__username=u, display_name=n)
        for u, n in [("hr1", "人事专员李娜"), ("hr2", "人事专员赵峰")]
    ]
    return city, zone, campaign, officers
