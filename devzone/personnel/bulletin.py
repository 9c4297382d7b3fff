"""人事's figures of the city's reform bulletin (改革简报, ``registry.bulletin``), from the statistics the module's own
pages show (``selectors.campaign_statistics``, ``competition_figures``, ``team_comparison``): the open recruitment
(reform_facts.yaml: recruitment_2020), 临港's competition for posts (competitive_appointment_example) and the
zones' leadership teams (leadership_teams)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core.registry import Figure
from devzone.core.templatetags.devzone import show
from devzone.personnel import selectors
from devzone.personnel.choices import CampaignStatus, CompetitionStatus, RegistrationStatus
from devzone.personnel.models import Competition, RecruitmentCampaign, TeamMember


def _campaign(city):
    """The city's published campaign with the most applicants (the one the report quotes)."""
    return (
        RecruitmentCampaign.objects.filter(city=city)
        .exclude(status=CampaignStatus.DRAFT)
        .annotate(n=Count("registrations", filter=~Q(registrations__status=RegistrationStatus.WITHDRAWN)))
        .order_by("-n", "-pk")
        .first()
    )


def recruitment(city) -> list[Figure]:
    section = _("人事制度改革：公开招聘")
    campaign = _campaign(city)
    s = selectors.campaign_statistics(campaign) if campaign is not None else {}
    period = campaign.title if campaign is not None else ""
    url = reverse("personnel:statistics", args=[campaign.pk]) if campaign is not None else ""

    def fig(key, label, value, unit, rule, reported=""):
        return Figure(section, f"personnel.{key}", label, value, unit, period, rule, url, reported)

    return [
        fig("applicants", _("报名人数"), s.get("applicants"), _("人"), _("未撤回的报名")),
        fig("seats", _("招聘岗位"), s.get("seats"), "", _("各招聘岗位计划人数之和")),
        fig(
            "postgraduates",
            _("研究生学历报名者占比"),
            s.get("postgraduate_share"),
            "%",
            _("报名者中硕士、博士研究生所占比例"),
        ),
        fig(
            "double_first_class",
            _("“双一流”高校报名者占比"),
            s.get("double_first_class_share"),
            "%",
            _("报名者中毕业于“双一流”建设高校者所占比例"),
        ),
        fig("average_ratio", _("平均竞争比"), s.get("average_ratio"), ":1", _("报名人数 ÷ 计划人数")),
        fig(
            "max_ratio",
            _("最高竞争比"),
            s.get("max_ratio"),
            ":1",
            _("单个岗位报名人数 ÷ 该岗位计划人数的最大值"),
        ),
    ]


def competition(city) -> list[Figure]:
    section = _("人事制度改革：竞聘上岗")
    comp = (
        Competition.objects.filter(zone__city=city, status=CompetitionStatus.FINAL)
        .select_related("zone")
        .order_by("-decided_on", "-pk")
        .first()
    )
    f = selectors.competition_figures(comp) if comp is not None else {}
    period = f"{comp.zone.name} {comp.title}" if comp is not None else ""
    url = comp.get_absolute_url() if comp is not None else ""

    def fig(key, label, value, unit, rule):
        return Figure(section, f"personnel.competition.{key}", label, value, unit, period, rule, url)

    return [
        fig(
            "appointed", _("竞聘上岗任用"), f.get("appointed"), _("人"), _("最近一次已任用的竞聘中任用的人数")
        ),
        fig(
            "promoted",
            _("其中由下级岗位竞聘上岗"),
            f.get("promoted"),
            _("人"),
            _("任用前职级低于所竞聘岗位的人数"),
        ),
        fig(
            "age_before",
            _("竞聘岗位原任职人员平均年龄"),
            f.get("age_before"),
            _("岁"),
            _("排名公布时各岗位原任职人员的平均年龄"),
        ),
        fig(
            "age_after",
            _("竞聘任用人员平均年龄"),
            f.get("age_after"),
            _("岁"),
            _("任用人员在任用日的平均年龄"),
        ),
    ]


def teams(city) -> list[Figure]:
    section = _("人事制度改革：领导班子")
    members = TeamMember.objects.filter(zone__city=city)
    reform_on = selectors.reform_day(members)
    # the teams as appointed on the reform day against those in office the day before (the teams page's default)
    c = selectors.team_comparison(members, reform_on=reform_on, after_on=reform_on) if reform_on else {}
    period = _("%(day)s任命的班子与此前相比") % {"day": show(reform_on)} if reform_on else ""
    url = reverse("personnel:teams") + (f"?reform={reform_on}" if reform_on else "")
    drop = -c["age_change"] if c.get("age_change") is not None else None
    return [
        Figure(
            section,
            "personnel.teams.exchange",
            _("班子成员交流比例"),
            c.get("exchange_share"),
            "%",
            period,
            _("改革任命日在任班子成员中当日交流任职者所占比例"),
            url,
        ),
        Figure(
            section,
            "personnel.teams.age_drop",
            _("班子平均年龄下降"),
            drop,
            _("岁"),
            period,
            _("改革任命日前一天在任班子与任命日班子平均年龄之差"),
            url,
        ),
    ]


def figures(*, city) -> list[Figure]:
    return [*recruitment(city), *competition(city), *teams(city)]
