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
        campaign_svc.opening_add(
            actor=actor,
            campaign=campaign,
            zone_id=zone.pk,
            code=f"{'ABCDEFGH'[n]}01",
            title="招商专员",
            headcount=headcount,
            education_min="bachelor",
            age_max=35,
        )
    return campaign_svc.campaign_publish(actor=actor, campaign=campaign)


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
