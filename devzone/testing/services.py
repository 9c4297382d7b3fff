"""Plain helpers of the enterprise-service tests (no fixtures: those stay in the module's conftest): the two
sides' marks, today, and the cast of one side (综合服务部 with its head and an officer, the leader, an
enterprise with its user, an approval item) with builders that bring a request or a rating to a state
through the services (never by hand)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from devzone.approvals.services import applications as app_svc
from devzone.core.choices import Role
from devzone.services.services import ratings as rating_svc
from devzone.services.services import requests as request_svc
from devzone.testing import factories as f
from devzone.testing.approvals import PDF, ItemFactory

A_MARK, B_MARK = "甲侧", "乙侧"


@dataclass
class Side:
    mark: str
    zone: object
    leader: object
    department: object
    economic: object  # 经济发展部
    head: object  # 综合服务部负责人
    officer: object  # an officer of 综合服务部 (代办专员)
    clerk: object
    reviewer: object
    enterprise: object
    company: object  # the enterprise's user
    item: object
    n: int = 0

    def request(self, state: str = "submitted", title: str | None = None):
        self.n += 1
        req = request_svc.request_submit(
            actor=self.company,
            category="utilities",
            title=title or f"{self.mark}用电增容{self.n}",
            description="新厂房需要增容到2000千伏安",
        )
        if state == "submitted":
            return req
        req = request_svc.request_accept(actor=self.head, request=req, assignee_id=self.officer.pk)
        if state == "accepted":
            return req
        req = request_svc.request_answer(actor=self.officer, request=req, body="已协调供电公司，下周施工")
        if state == "answered":
            return req
        raise ValueError(state)

    def application(self, granted: bool = True):
        self.n += 1
        project = f.ProjectFactory(
            zone=self.zone, enterprise=self.enterprise, name=f"{self.mark}项目{self.n}"
        )
        intake = app_svc.intake_submit(
            actor=self.company,
            project=project,
            items=[self.item],
            applicant_name="张经办",
            applicant_phone="13800000000",
            uploads={self.item.pk: [(m.pk, f"{m.name}.pdf", PDF) for m in self.item.materials.all()]},
        )
        app = intake.applications.get()
        app = app_svc.application_accept(actor=self.clerk, application=app, reviewer=self.reviewer)
        if granted:
            app = app_svc.application_deny(actor=self.reviewer, application=app, reason="不符合规划条件")
        return app

    def attachment(self):
        """A request of the enterprise with one PDF attached (政策兑现): its attachment row."""
        req = request_svc.request_submit(
            actor=self.company,
            category="policy",
            title="政策兑现",
            description="申请补贴",
            uploads=[("申请.pdf", PDF)],
        )
        return req.attachments.get()

    def call_back(
        self, rating, rectification: str = "已整改", contact: str = "王经理", note: str = "企业认可"
    ):
        """The 综合服务部 head calls the enterprise back today on ``rating``'s follow-up (回访), the rectification
        done: the follow-up."""
        from devzone.services.services import followups as follow_svc

        return follow_svc.followup_callback(
            actor=self.head,
            follow_up=rating.follow_up,
            rectification=rectification,
            callback_on=today(),
            contact=contact,
            note=note,
        )

    def rating(self, level: int = 5, comment: str = "", title: str | None = None):
        """The enterprise's rating of a request of its own, answered (``title``, by default a numbered one)."""
        req = self.request("answered", title)
        return rating_svc.rate(
            actor=self.company,
            kind="request",
            pk=req.pk,
            level=level,
            comment=comment or ("差" if level <= 2 else ""),
        )


def build_side(zone, mark: str, leader) -> Side:
    key = "a" if mark == A_MARK else "b"
    dept = f.DepartmentFactory(zone=zone, name="综合服务部")
    economic = f.DepartmentFactory(zone=zone, name="经济发展部")
    head_staff = f.StaffFactory(zone=zone, department=dept, name=f"{mark}部长")
    officer_staff = f.StaffFactory(zone=zone, department=dept, name=f"{mark}专员")
    reviewer_staff = f.StaffFactory(zone=zone, department=economic, name=f"{mark}审查员")
    enterprise = f.EnterpriseFactory(
        zone=zone, name=f"{mark}食品有限公司", contact_name="王经理", contact_phone="13900000000"
    )
    return Side(
        mark=mark,
        zone=zone,
        leader=leader,
        department=dept,
        economic=economic,
        head=f.staff_user(Role.DEPARTMENT_HEAD, head_staff, f"sv_{key}_head"),
        officer=f.staff_user(Role.AGENT, officer_staff, f"sv_{key}_agent"),
        clerk=f.user_with_role(Role.WINDOW_CLERK, zone=zone, user__username=f"sv_{key}_clerk"),
        reviewer=f.staff_user(Role.REVIEWER, reviewer_staff, f"sv_{key}_rev"),
        enterprise=enterprise,
        company=f.user_with_role(
            Role.ENTERPRISE_USER, enterprise=enterprise, user__username=f"sv_{key}_company"
        ),
        item=ItemFactory(zone=zone, name=f"{mark}建设工程规划许可"),
    )


def today() -> dt.date:
    return timezone.localdate()


def this_quarter() -> tuple[int, int]:
    """(year, quarter) of today."""
    return today().year, (today().month - 1) // 3 + 1


def enterprise_with_history(zone_name: str, *, projects: int, applications: int, requests: int):
    """A zone of one enterprise with a history made by the modules' loads (the benchmark's own): ``projects``
    projects, each a key project with its milestones, visits and problems, ``applications`` applications and
    ``requests`` service requests (most of them rated). Returns (zone, enterprise)."""
    from devzone.approvals.bench import loadgen_applications
    from devzone.core.loadgen import loadgen
    from devzone.core.models import Enterprise, Zone
    from devzone.projects.bench import loadgen as loadgen_key_projects
    from devzone.services.bench import loadgen as loadgen_requests
    from devzone.testing.floors import quiet

    made = loadgen(staff=20, enterprises=1, projects=projects, zone_name=zone_name, log=quiet)
    zone = Zone.objects.get(pk=made.zone_id)
    loadgen_key_projects(zone=zone, count=projects, seed=1, log=quiet)
    loadgen_applications(zone=zone, count=applications, log=quiet)
    loadgen_requests(zone=zone, count=requests, log=quiet)
    return zone, Enterprise.objects.get(zone=zone)


def survey_tokens(survey) -> list[tuple]:
    """``(enterprise, token)`` of each link of ``survey``, by enterprise id: a fresh one-use token for each, as the
    enterprise's own user opens it from the portal (``surveys.link_take``; the token before stops working). No
    member of staff is ever given one (review C): tests that answer for many enterprises take them here."""
    from devzone.services.services import surveys as survey_svc

    return [
        (link.enterprise, survey_svc._new_token(link))
        for link in survey.links.select_related("enterprise").order_by("enterprise_id")
    ]


def open_survey(**kwargs) -> tuple:
    """``surveys.survey_open(**kwargs)``, then each served enterprise's token (``survey_tokens``)."""
    from devzone.services.services import surveys as survey_svc

    survey, _told = survey_svc.survey_open(**kwargs)
    return survey, survey_tokens(survey)


def quarter_survey(side: Side) -> dict:
    """The arguments of ``surveys.survey_open`` for this quarter's survey of ``side``'s 综合服务部, by its leader,
    closing in 10 days."""
    year, quarter = this_quarter()
    return {
        "actor": side.leader,
        "year": year,
        "quarter": quarter,
        "closes_on": today() + dt.timedelta(days=10),
        "department_ids": [side.department.pk],
    }
