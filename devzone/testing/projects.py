"""What the key-project tests (and the dashboard's) share: the dates, the cast of a zone (leader, agent,
responsible officer, enterprise and its user, a signed project), builders for key projects and problems, and
``world(cast)``: a key project with a visit and its photo, an open problem with a note, an issued dispatch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from devzone.core.choices import Role
from devzone.testing import factories as f

# Tests pass their own dates: a signing on a Monday of an officially scheduled year, and "today" later.
SIGNED = dt.date(2025, 3, 3)
TODAY = dt.date(2025, 6, 16)


@dataclass
class Cast:
    zone: object
    leader: object
    service: object  # 综合服务部
    economy: object  # 经济发展部
    agent_staff: object
    agent: object  # the agent's user
    officer_staff: object
    officer: object  # a responsible officer's user (reviewer role, 经济发展部)
    head: object  # head of 经济发展部
    enterprise: object
    company: object  # the enterprise's user
    project: object


def build_cast(zone, key: str, leader=None) -> Cast:
    service = f.DepartmentFactory(zone=zone, name=f"{key}综合服务部")
    economy = f.DepartmentFactory(zone=zone, name=f"{key}经济发展部")
    agent_staff = f.StaffFactory(zone=zone, department=service, name=f"{key}代办")
    officer_staff = f.StaffFactory(zone=zone, department=economy, name=f"{key}责任人")
    head_staff = f.StaffFactory(zone=zone, department=economy, name=f"{key}部长")
    enterprise = f.EnterpriseFactory(zone=zone, name=f"{key}企业有限公司")
    return Cast(
        zone=zone,
        leader=leader or f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username=f"{key}_leader"),
        service=service,
        economy=economy,
        agent_staff=agent_staff,
        agent=f.staff_user(Role.AGENT, agent_staff, f"{key}_agent"),
        officer_staff=officer_staff,
        officer=f.staff_user(Role.REVIEWER, officer_staff, f"{key}_officer"),
        head=f.user_with_role(
            Role.DEPARTMENT_HEAD, zone=zone, staff=head_staff, user__username=f"{key}_head"
        ),
        enterprise=enterprise,
        company=f.user_with_role(
            Role.ENTERPRISE_USER, enterprise=enterprise, user__username=f"{key}_company"
        ),
        project=f.ProjectFactory(zone=zone, enterprise=enterprise, name=f"{key}项目", signed_on=SIGNED),
    )


def key(cast: Cast, *, on=SIGNED, agent=True):
    """Hand ``cast.project`` over to construction (timetable) with the agent, as a leader."""
    from devzone.projects.services import handover_to_build

    return handover_to_build(
        actor=cast.leader, project=cast.project, agent=cast.agent_staff if agent else None, on=on
    )


def problem(cast: Cast, *, on=TODAY, title="施工用电未接入", **kw):
    from devzone.projects.services import problem_raise

    return problem_raise(
        actor=kw.pop("actor", cast.agent),
        project=kw.pop("project", cast.project),
        category=kw.pop("category", "power"),
        title=title,
        department=kw.pop("department", cast.economy),
        owner=kw.pop("owner", cast.officer_staff),
        deadline_workdays=kw.pop("deadline_workdays", 5),
        on=on,
        **kw,
    )


def png() -> bytes:
    """A small valid PNG (a site-visit photo)."""
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg() -> bytes:
    """A small valid JPEG (a site-visit photo)."""
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (16, 16), (0, 120, 200)).save(out, format="JPEG")
    return out.getvalue()


def visit(cast: Cast, **change):
    """The agent records a visit to the cast's project on ``TODAY`` (met 经理, found 好); ``change`` replaces
    any of the service's arguments (``on=None``: the real day)."""
    from devzone.projects.services import visit_record

    fields = {"visited_on": TODAY, "people_met": "经理", "findings": "好", "on": TODAY, **change}
    return visit_record(actor=cast.agent, project=cast.project, **fields)


def world(cast: Cast) -> dict:
    """Key project with timetable, a visit with a photo, an open problem, an issued dispatch (all today)."""
    from django.utils import timezone

    from devzone.projects import services as svc
    from devzone.projects.services.dispatching import dispatch_issue

    today = timezone.localdate()
    cast.project.signed_on = today.replace(day=1) if today.day > 1 else today
    cast.project.save()
    key(cast, on=cast.project.signed_on)
    visit = svc.visit_record(
        actor=cast.agent,
        project=cast.project,
        visited_on=today,
        people_met=f"{cast.enterprise.name}项目经理",
        findings=f"{cast.project.name}内部走访情况",
        photos=[("site.png", png())],
    )
    problem = svc.problem_raise(
        actor=cast.agent,
        project=cast.project,
        category="power",
        title=f"{cast.project.name}用电问题",
        department=cast.economy,
        owner=cast.officer_staff,
        deadline_workdays=5,
        visit=visit,
    )
    svc.problem_note_add(actor=cast.agent, problem=problem, text=f"{cast.project.name}内部进展")
    dispatch = dispatch_issue(actor=cast.leader, zone=cast.zone)
    return {"visit": visit, "problem": problem, "dispatch": dispatch, "photo": visit.photos.get()}


def dispatch_week(cast: Cast, monday: dt.date):
    """A week the dispatch of ``monday`` has rows for: ``cast.project`` handed over with a milestone due that
    week (土地清点/供地) and one missed (立项/备案), its start missed by months so it turns red that Monday, and
    a project signed the Saturday before (returned)."""
    from devzone.projects.models import Milestone
    from devzone.projects.services import refresh_statuses

    key(cast)
    signed = f.ProjectFactory(
        zone=cast.zone,
        enterprise=cast.enterprise,
        name="本周签约项目",
        signed_on=monday - dt.timedelta(days=2),
    )
    milestones = Milestone.objects.filter(project=cast.project)
    milestones.filter(code="land").update(planned_on=monday + dt.timedelta(days=2))
    milestones.filter(code="filing").update(planned_on=monday - dt.timedelta(days=10))
    milestones.filter(code="groundbreaking").update(planned_on=dt.date(2025, 2, 1))
    refresh_statuses(on=monday)
    return signed


def english_site(settings, monkeypatch, texts: dict) -> None:
    """The site's language (``settings.LANGUAGE_CODE``, the one stored texts are written in) made English, with
    ``texts`` ({msgid: English}; a plural message's singular msgid: [singular, plural]) added to the English
    catalog for the test: a text the module writes from a literal instead of a msgid stays Chinese. (The project's catalog is compiled separately from the same
    msgids; a module test of what an English reader reads checks it with ``english.catalog_has``.)"""
    from django.utils.translation import trans_real

    settings.LANGUAGE_CODE = "en"
    catalog = trans_real.translation("en")._catalog._catalogs[0]
    for msgid, text in texts.items():
        if isinstance(text, list):
            for form, plural in enumerate(text):
                monkeypatch.setitem(catalog, (msgid, form), plural)
        else:
            monkeypatch.setitem(catalog, msgid, text)


def literal_notes(package) -> list[str]:
    """The places in ``package``'s modules (a services package) that write an audit or timeline note from a
    Chinese literal or an f-string instead of a msgid: a ``note=`` keyword, or the note of ``save(row, actor,
    before, note)``. Such a note is kept in Chinese whatever the site's language."""
    import ast
    import re
    from pathlib import Path

    han = re.compile(r"[\u4e00-\u9fff]")

    def literal(node) -> bool:
        if isinstance(node, ast.JoinedStr):
            return True
        return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(han.search(node.value))

    found = []
    for path in sorted(Path(package.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            notes = [k.value for k in node.keywords if k.arg == "note"]
            if isinstance(node.func, ast.Name) and node.func.id == "save" and len(node.args) >= 4:
                notes.append(node.args[3])
            found += [f"{path.name}:{n.lineno}" for n in notes if literal(n)]
    return found
