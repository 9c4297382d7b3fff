"""公开招聘 on the desk of the city's personnel office (市级管理人员), registered through ``personnel.desk`` (which
core discovers): its own moves first — drafts to publish, openings waiting for the 开考比例, qualified candidates
waiting for their exam rooms, a year without a 刚性淘汰比例 — then the zones' work in its city it may do or
oversees: registrations to screen, second score entries, hiring steps (the 人事专员's items, over the city's
zones). Its ties waiting for the 加试 are in ``desk``, its competitions in publicity in ``desk_competition``.

Each item reads a fixed number of queries whatever the city's size: counts and the listed rows come from
aggregates and the first ``NEAREST`` rows, never a query per campaign, opening or zone."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import desk
from devzone.core.access import can, reach_of
from devzone.core.zones import narrow
from devzone.personnel.choices import CampaignStatus, OpeningStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.desk import (
    CITY,
    _day,
    _link,
    mismatched_entries,
    second_entries,
    to_screen,
)
from devzone.personnel.models import EliminationShare, Opening, RecruitmentCampaign, Registration


@desk.item(75, *CITY)
def campaigns_to_publish(request):
    """招聘公告 drafted and not published (the city's own): with how many openings each has, since a draft
    without one cannot be published. Shown only when there is one."""
    if not can(request.user, "change", RecruitmentCampaign):
        return None
    today = timezone.localdate()
    drafts = RecruitmentCampaign.objects.for_user(request.user, "change").filter(status=CampaignStatus.DRAFT)
    found = drafts.aggregate(n=Count("pk"), campaigns=Count("pk"), campaign=Min("pk"))
    if not found["n"]:
        return None
    qs = drafts.annotate(n_openings=Count("openings")).order_by("registration_closes", "pk")

    def row(c):
        closes = timezone.localtime(c.registration_closes).date()
        if not c.n_openings:
            return desk.Row(c.title, c.get_absolute_url(), _("尚未设置招聘岗位"), "yellow")
        note = _("%(n)d个岗位，报名截止%(on)s") % {"n": c.n_openings, "on": _day(closes, today)}
        return desk.Row(c.title, c.get_absolute_url(), note, "red" if closes < today else "")

    return desk.Entry(
        key="personnel.city_drafts",
        label=_("待发布的招聘公告"),
        count=found["n"],
        url=_link(found),
        tone="yellow",
        rows=tuple(row(c) for c in qs[: desk.NEAREST]),
        hint=_("添加岗位后发布"),
    )


@desk.item(76, *CITY)
def openings_to_ratio(request):
    """开考比例: the openings of closed campaigns whose ratio has not been applied, with their qualified and still
    unscreened registrations (the ratio waits until every registration is screened)."""
    if not can(request.user, "change", Opening):
        return None
    waiting = (
        narrow(Opening.objects.for_user(request.user, "change"), request)
        .filter(campaign__status=CampaignStatus.CLOSED, final_headcount__isnull=True)
        .exclude(status=OpeningStatus.CANCELLED)
    )
    found = waiting.aggregate(
        n=Count("pk"),
        openings=Count("pk"),
        opening=Min("pk"),
        campaigns=Count("campaign", distinct=True),
        campaign=Min("campaign"),
    )
    qs = (
        waiting.annotate(
            qualified=Count("registrations", filter=Q(registrations__status=S.QUALIFIED)),
            pending=Count("registrations", filter=Q(registrations__status=S.SUBMITTED)),
        )
        .select_related("campaign", "zone")
        .order_by("campaign__registration_closes", "campaign_id", "code")
    )

    def row(o):
        ratio = o.campaign.exam_ratio
        if o.pending:
            note, tone = _("尚有%(n)d人待资格审核") % {"n": o.pending}, "yellow"
        else:
            note = _("合格%(q)d人，开考需%(need)d人") % {"q": o.qualified, "need": ratio * o.headcount}
            tone = "" if o.qualified >= ratio * o.headcount else "red"
        return desk.Row(f"{o.code} {o.title} · {o.zone}", o.get_absolute_url(), note, tone)

    return desk.Entry(
        key="personnel.city_ratio",
        label=_("待核定开考比例的岗位"),
        count=found["n"],
        url=_link(found, opening_key="opening"),
        tone="yellow",
        rows=tuple(row(o) for o in qs[: desk.NEAREST]) if found["n"] else (),
        hint=_("报名结束、资格审核完毕后核定：达到比例开考，否则核减或取消"),
    )


@desk.item(77, *CITY)
def registrations_to_seat(request):
    """考场编排: the qualified registrations without a ticket in the openings whose ratio has been applied, per
    campaign (the rooms are made for a whole campaign at once, on its page)."""
    if not can(request.user, "change", RecruitmentCampaign):
        return None
    qs = narrow(Registration.objects.for_user(request.user, "change"), request).filter(
        campaign__status=CampaignStatus.CLOSED,
        status=S.QUALIFIED,
        ticket="",
        opening__status__in=[OpeningStatus.OPEN, OpeningStatus.CUT],
        opening__final_headcount__isnull=False,
    )
    per_campaign = list(
        qs.values("campaign", "campaign__title").annotate(n=Count("pk")).order_by("campaign")[: desk.NEAREST]
    )
    found = qs.aggregate(n=Count("pk"), campaigns=Count("campaign", distinct=True), campaign=Min("campaign"))
    rows = tuple(
        desk.Row(
            c["campaign__title"],
            reverse("personnel:campaign_detail", args=[c["campaign"]]),
            _("%(n)d人待编排考场") % {"n": c["n"]},
            "yellow",
        )
        for c in per_campaign
    )
    return desk.Entry(
        key="personnel.city_seating",
        label=_("待编排考场的考生"),
        count=found["n"],
        url=_link(found),
        tone="yellow",
        rows=rows,
        hint=_("在招聘公告页“编排考场、生成准考证”"),
    )


@desk.item(78, *CITY)
def elimination_share_missing(request):
    """刚性淘汰比例: the city has no rule in force for this year (a year is measured by the rule in force on its
    last day), so no zone's rate can be judged. Shown only then."""
    if not can(request.user, "create", EliminationShare):
        return None
    year = timezone.localdate().year
    city_id = reach_of(request.user).city_id
    rules = EliminationShare.objects.for_user(request.user).filter(city_id=city_id)
    if rules.filter(effective_from__lte=dt.date(year, 12, 31)).exists():
        return None
    return desk.Entry(
        key="personnel.city_share",
        label=_("本年度尚未设定刚性淘汰比例"),
        count=1,
        figure=str(year),
        url=reverse("personnel:annual") + f"?year={year}",
        tone="red",
        hint=_("未设定比例时，各区淘汰情况无法判定"),
    )


@desk.item(79, *CITY)
def city_to_screen(request):
    """The zones' registrations waiting for 资格审核 (the city may screen them too)."""
    return to_screen(request)


@desk.item(80, *CITY)
def city_second_entries(request):
    """Scores another clerk entered alone, which the city's officer may enter as the second."""
    return second_entries(request)


@desk.item(81, *CITY)
def city_mismatched_entries(request):
    return mismatched_entries(request)


@desk.item(82, *CITY)
def city_hires_to_step(request):
    """拟聘用 waiting for 体检、考察 or the publicity's conclusion: the zone's officer or the city records them."""
