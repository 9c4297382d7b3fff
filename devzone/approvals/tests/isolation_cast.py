"""The cast and tables of the approvals isolation tests (test_isolation.py: pages, test_isolation_api.py: the
API and the 403s): two zones, each a ``Side`` with its single window, review desk, leader, an enterprise with
its user, and items, every zone-B row carrying 乙侧 in its name; what each page action and API operation posts
and the state it acts on; and the one check both action matrices make (404 on zone B's row, nothing changed,
then the same move done on zone A's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devzone.approvals.choices import PostCheckResult, Status
from devzone.approvals.models import Application, PostCheck
from devzone.approvals.services import applications as svc
from devzone.core.choices import Role
from devzone.testing import factories as f
from devzone.testing.approvals import PDF, ItemFactory, SourceDepartmentFactory

A_MARK, B_MARK = "甲侧", "乙侧"
JSON = "application/json"
API = "/api/v1/approvals"


# --- the two zones ------------------------------------------------------------------------------------------
@dataclass
class Side:
    """One zone's single window, review desk, leader, an enterprise with its user, and its items."""

    mark: str
    zone: object
    leader: object
    clerk: object
    reviewer: object
    enterprise: object
    company: object  # the enterprise's user
    item: object  # two required materials
    tolerable_item: object  # one required material and one 容缺 material
    commitment_item: object  # may be granted on commitment (告知承诺)
    projects: int = 0

    def project(self):
        self.projects += 1
        return f.ProjectFactory(
            zone=self.zone, enterprise=self.enterprise, name=f"{self.mark}项目{self.projects}"
        )

    def app(self, state: str = "submitted") -> Application:
        """A new application of this side's enterprise (on a project of its own), brought to ``state`` through
        the services, today (the pages and the API act today too)."""
        item = {"tolerated": self.tolerable_item, "commitment": self.commitment_item}.get(state, self.item)
        uploads = [(m.pk, f"{m.name}.pdf", PDF) for m in item.materials.filter(tolerable=False)]
        intake = svc.intake_submit(
            actor=self.company,
            project=self.project(),
            items=[item],
            applicant_name="张经办",
            applicant_phone="13800000000",
            uploads={item.pk: uploads},
        )
        app = intake.applications.get()
        if state == "submitted":
            return app
        if state == "supplement":
            return svc.application_request_supplement(
                actor=self.clerk, application=app, missing="申请表须加盖公章"
            )
        app = svc.application_accept(actor=self.clerk, application=app, reviewer=self.reviewer)
        if state in ("in_review", "tolerated"):
            return app
        if state in ("review_supplement", "review_supplement_uploaded"):
            app = svc.application_request_supplement(
                actor=self.reviewer, application=app, missing="补充总平面图"
            )
            if state == "review_supplement_uploaded":  # its material uploaded, the answer still to come
                app = svc.application_supplement_upload(
                    actor=self.company, application=app, uploads=[(None, "总平面图.pdf", PDF)]
                )
            return app
        if state == "special":
            return svc.application_start_special(
                actor=self.reviewer, application=app, kind="expert", notice="组织专家评审", limit_days=10
            )
        if state == "granted":
            return svc.application_grant(actor=self.reviewer, application=app)
        if state == "commitment":
            return svc.application_grant(actor=self.reviewer, application=app, on_commitment=True)
        raise ValueError(state)


def build_side(zone, mark: str, *, leader, clerk=None, reviewer=None) -> Side:
    key = "a" if mark == A_MARK else "b"
    enterprise = f.EnterpriseFactory(zone=zone, name=f"{mark}企业有限公司")
    dept = SourceDepartmentFactory(zone=zone, name=f"{mark}住建委")
    return Side(
        mark=mark,
        zone=zone,
        leader=leader,
        clerk=clerk or f.user_with_role(Role.WINDOW_CLERK, zone=zone, user__username=f"iso_{key}_clerk"),
        reviewer=reviewer or f.user_with_role(Role.REVIEWER, zone=zone, user__username=f"iso_{key}_rev"),
        enterprise=enterprise,
        company=f.user_with_role(
            Role.ENTERPRISE_USER, enterprise=enterprise, user__username=f"iso_{key}_company"
        ),
        item=ItemFactory(zone=zone, source_department=dept, name=f"{mark}建设工程规划许可"),
        tolerable_item=ItemFactory(
            zone=zone,
            source_department=dept,
            name=f"{mark}施工许可",
            materials=[("申请表", False, None), ("环评批复", True, 3)],
        ),
        commitment_item=ItemFactory(
            zone=zone, source_department=dept, name=f"{mark}排水许可", commitment_allowed=True
        ),
    )


def second_reviewer(side: Side):
    """Another reviewer of the side's zone (分派 / 改派 gives a file to someone other than its reviewer)."""
    from django.contrib.auth import get_user_model

    name = f"iso_{'a' if side.mark == A_MARK else 'b'}_rev2"
    existing = get_user_model().objects.filter(username=name).first()
    return existing or f.user_with_role(Role.REVIEWER, zone=side.zone, user__username=name)


def snapshot(app: Application) -> tuple:
    """Everything an action may change on an application."""
    app = Application.objects.get(pk=app.pk)
    return (
        app.status,
        app.version,
        app.step,
        app.extended,
        app.events.count(),
        app.uploads.count(),
        app.tolerated.filter(supplied_on__isnull=False).count(),
        PostCheck.objects.filter(application=app).exclude(result=PostCheckResult.PENDING).exists(),
    )


def errors_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def required(app: Application):
    return app.item.materials.filter(tolerable=False).first()


def owed(app: Application):
    return app.item.materials.get(tolerable=True)


def pk_pages(app: Application) -> list[str]:
    return [
        reverse("approvals:intake_detail", args=[app.intake_id]),
        reverse("approvals:application_detail", args=[app.pk]),
        reverse("approvals:material_download", args=[app.uploads.first().pk]),
    ]


def action_url(app: Application, action: str) -> str:
    return reverse("approvals:application_action", args=[app.pk, action])


def api_post(c, app: Application, op: str, data: dict):
    url = f"{API}/applications/{app.pk}/{API_PATHS[op]}"
    if op in ("upload", "supply"):
        return c.post(url, data)  # multipart
    return c.post(url, json.dumps(data), content_type=JSON)


def move_on_both_sides(client, side_a, side_b, state: str, post, data):
    """The move ``post(client, app, data(side, app))`` on zone B's application in ``state``: 404 (no 乙侧 in
    the answer) and nothing changed; then on zone A's, which it changes. Returns zone A's answer and application
    (re-read)."""
    own, other = side_a.app(state), side_b.app(state)
    before = snapshot(other)
    response = post(client, other, data(side_b, other))
    assert response.status_code == 404
    assert B_MARK not in response.content.decode()
    assert snapshot(other) == before  # nothing changed in zone B

    before = snapshot(own)
    response = post(client, own, data(side_a, own))
    assert snapshot(own) != before
    return response, Application.objects.get(pk=own.pk)


# What the page and the API post alike for an action.
SHARED_DATA: dict[str, Callable[[Side, Application], dict]] = {
    "accept": lambda s, a: {"version": a.version, "reviewer": s.reviewer.pk},
    "reject": lambda s, a: {"version": a.version, "reason": "不属于本机关职权范围"},
    "end_special": lambda s, a: {"version": a.version},
    "extend": lambda s, a: {"version": a.version, "reason": "需现场踏勘", "days": 10},
    "advance": lambda s, a: {"version": a.version},
    "grant": lambda s, a: {"version": a.version, "reason": "符合条件"},
    "deny": lambda s, a: {"version": a.version, "reason": "不符合规划条件"},
    "assign": lambda s, a: {"version": a.version, "reviewer": second_reviewer(s).pk},
}
ACTION_DATA: dict[str, Callable[[Side, Application], dict]] = {
    **SHARED_DATA,
    "supplement": lambda s, a: {"version": a.version, "missing": "申请表须加盖公章"},
    "answer": lambda s, a: {f"f_{required(a).pk}": pdf(), "note": "已补正"},
    "special": lambda s, a: {
        "version": a.version,
        "kind": "expert",
        "notice": "组织专家评审",
        "limit_days": 10,
    },
    "withdraw": lambda s, a: {"version": a.version, "note": "项目调整"},
    "supply": lambda s, a: {f"f_{owed(a).pk}": pdf("环评批复.pdf")},
    "postcheck": lambda s, a: {"conforms": "1", "finding": "现场核查与承诺一致"},
}
# action -> (who acts, the state it acts on, the status it leaves); SHARED_ACTIONS: alike on the page and in the API
SHARED_ACTIONS = {
    "accept": ("clerk", "submitted", Status.IN_REVIEW),
    "reject": ("clerk", "submitted", Status.REJECTED),
    "special": ("reviewer", "in_review", Status.SPECIAL),
    "end_special": ("reviewer", "special", Status.IN_REVIEW),
    "extend": ("leader", "in_review", Status.IN_REVIEW),
    "advance": ("reviewer", "in_review", Status.IN_REVIEW),
    "grant": ("reviewer", "in_review", Status.GRANTED),
    "deny": ("reviewer", "in_review", Status.DENIED),
    "withdraw": ("company", "in_review", Status.WITHDRAWN),
    "assign": ("leader", "in_review", Status.IN_REVIEW),  # 改派 to the side's second reviewer
}
PAGE_ACTIONS = {
    **SHARED_ACTIONS,
    "supplement": ("clerk", "submitted", Status.SUPPLEMENT),
    "answer": ("company", "supplement", Status.SUBMITTED),
    "supply": ("company", "tolerated", Status.IN_REVIEW),
    "postcheck": ("reviewer", "commitment", Status.GRANTED),
}


API_PATHS = {
    "upload": "materials",
    "answer": "answer",
    "supply": "supply",
    "accept": "accept",
    "reject": "reject",
    "supplement": "supplement",
    "special": "special",
    "end_special": "end_special",
    "extend": "extend",
    "advance": "advance",
    "grant": "grant",
    "deny": "deny",
    "withdraw": "withdraw",
    "assign": "assign",
}
API_DATA: dict[str, Callable[[Side, Application], dict]] = {
    **SHARED_DATA,
    "upload": lambda s, a: {"file": pdf(), "material": required(a).pk},  # multipart
    "answer": lambda s, a: {"version": a.version, "note": "已补正"},
    "supply": lambda s, a: {"file": pdf("环评批复.pdf"), "material": owed(a).pk},  # multipart
    "supplement": lambda s, a: {"version": a.version, "missing": "补充总平面图"},
    "special": lambda s, a: {"version": a.version, "kind": "testing", "notice": "委托检测", "limit_days": 15},
    "withdraw": lambda s, a: {"version": a.version},
}
API_OPS = {
    **SHARED_ACTIONS,
    "upload": ("company", "review_supplement", Status.REVIEW_SUPPLEMENT),  # joins the open 补正
    "answer": ("company", "review_supplement_uploaded", Status.IN_REVIEW),
    "supply": ("company", "tolerated", Status.IN_REVIEW),
    "supplement": ("reviewer", "in_review", Status.REVIEW_SUPPLEMENT),
}
