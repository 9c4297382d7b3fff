"""Demo applications of 济北经济开发区: the reports' example (济北智造小镇: land certificate 3 days after the
first intake) through the real services with signed certificates, an enterprise answering a supplement,
files on the review desk, and a history of concluded applications for the statistics."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from devzone.approvals.history import generate_history
from devzone.approvals.models import ApprovalItem
from devzone.approvals.services import applications as svc
from devzone.approvals.wording import move_label
from devzone.core.models import Project
from devzone.core.workdays import get_calendar


def _pdf(title: str) -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    writer.write(out)
    return out.getvalue()


def _uploads(item: ApprovalItem, skip: set[str] = frozenset()):
    return [(m.pk, f"{m.name}.pdf", _pdf(m.name)) for m in item.materials.all() if m.name not in skip]


def _submit_one(
    actor, project, item: ApprovalItem, *, applicant: str, phone: str, on: dt.date, skip=frozenset()
):
    """A one-item intake with every material of the item uploaded except those named in ``skip``; its
    application."""
    intake = svc.intake_submit(
        actor=actor,
        project=project,
        items=[item],
        applicant_name=applicant,
        applicant_phone=phone,
        on=on,
        uploads={item.pk: _uploads(item, skip)},
    )
    app = intake.applications.get()
    _uploaded_on(app, on, dt.time(9, 0))
    return app


def _uploaded_on(app, day: dt.date, at: dt.time, names=None) -> None:
    """The demo's materials carry the time of the step that brought them (a file submitted weeks ago was not
    uploaded as the demo was built); a step of today keeps its real time."""
    if day >= timezone.localdate():
        return
    uploads = app.uploads.all() if names is None else app.uploads.filter(original_name__in=names)
    uploads.update(uploaded_at=timezone.make_aware(dt.datetime.combine(day, at)))


def _workdays_before(day: dt.date, n: int) -> dt.date:
    """The working day from which ``n`` working days have elapsed by ``day``: ``n`` working days before it, or
    before the last working day preceding it when ``day`` is a weekend or holiday (on a Saturday the clock shows
    what it showed on Friday)."""
    cal = get_calendar()
    while not cal.is_workday(day):
        day -= dt.timedelta(days=1)
    for _ in range(n):
        day -= dt.timedelta(days=1)
        while not cal.is_workday(day):
            day -= dt.timedelta(days=1)
    return day


def _land_in_three_days(zone, items, clerk, reviewer) -> None:
    """济北智造小镇: 3 days from the first intake to the land certificate (国有建设用地使用权登记)."""
    town = Project.objects.get(zone=zone, name="济北智造小镇")
    first = dt.date(2026, 1, 12)
    chain = [items[c] for c in ("FG-001-1", "GT-001", "GT-002", "GT-010-01-1", "ZJ-002")]
    intake = svc.intake_submit(
        actor=clerk,
        project=town,
        items=chain,
        applicant_name="智造小镇项目经办",
        applicant_phone="0531-84000000",
        construction_site="济阳区智造新城",
        construction_scale="智能制造产业园区开发建设",
        on=first,
        uploads={i.pk: _uploads(i) for i in chain},
    )
    apps = {a.item.code: a for a in intake.applications.select_related("item")}
    for app in apps.values():
        _uploaded_on(app, first, dt.time(9, 0))
        svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=first)
    # Each grant opens the items that waited for it (并联 where possible, in order where the law requires).
    for code, days in (("FG-001-1", 0), ("GT-001", 1), ("GT-002", 2), ("GT-010-01-1", 3), ("ZJ-002", 4)):
        app = apps[code]
        app.refresh_from_db()
        svc.application_grant(
            actor=reviewer,
            application=app,
            on=first + dt.timedelta(days=days),
            reason=f"符合条件，{move_label(app.item, 'grant')}",  # 准予备案 for a filing (approvals.wording)
        )


def _supplement_asked(zone, items, clerk, company, today: dt.date) -> None:
    """山东旺旺食品: an intake on the enterprise portal, a material missing, the clerk asked for it."""
    wangwang = Project.objects.get(zone=zone, enterprise=company.profile.enterprise)
    item = items["ZJ-004-1"]
    missing = item.materials.filter(required=True, tolerable=False).last()
    app = _submit_one(
        company,
        wangwang,
        item,
        applicant="旺旺食品办事员",
        phone="13905310000",
        on=today,
        skip={missing.name},
    )
    svc.application_request_supplement(
        actor=clerk, application=app, missing=f"{missing.name}（原件扫描件）", on=today
    )


def _on_the_review_desk(zone, items, clerk, reviewer, today: dt.date) -> None:
    """One file about to run out (yellow) and one overdue (red, escalated to the leader)."""
    candidates = [
        i
        for i in items.values()
        if i.kind == "promised"
        and i.promised_limit_days >= 5
        and not i.children.exists()
        and not i.prerequisites.exists()
    ]
    for item, project_name, back in (
        (candidates[0], "高端装备制造产业园项目", candidates[0].promised_limit_days - 1),
        (candidates[1], "冷链物流园项目", candidates[1].promised_limit_days + 2),
    ):
        project = Project.objects.get(zone=zone, name=project_name)
        accepted_on = _workdays_before(today, back)
        app = _submit_one(clerk, project, item, applicant="项目经办", phone="0531-84000001", on=accepted_on)
        svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=accepted_on)
    law_item = next(i for i in candidates[2:] if i.legal_limit_days - i.promised_limit_days >= 3)
    _past_the_law(zone, law_item, clerk, reviewer, today)


def _past_the_law(zone, item, clerk, reviewer, today: dt.date) -> None:
    """Both clocks: a file on time against the zone's promise and past the law. A 补正 in review stopped the
    promised clock for three weeks; the statutory clock does not stop for it (行政许可法第四十五条 leaves out only
    special procedures), so it ran out two working days ago and the leader is told (督办)."""
    project = Project.objects.get(zone=zone, name="高端装备制造产业园项目")
    accepted_on = _workdays_before(today, item.legal_limit_days + 2)
    app = _submit_one(clerk, project, item, applicant="项目经办", phone="0531-84000002", on=accepted_on)
    app = svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=accepted_on)
    svc.application_request_supplement(
        actor=reviewer,
        application=app,
        missing="补充提供规划总平面图（加盖设计单位出图章）",
        on=get_calendar().add_workdays(accepted_on, 1),
    )
    svc.application_answer_supplement(
        actor=clerk,
        application=app,
        uploads=[(None, "规划总平面图.pdf", _pdf("规划总平面图"))],
        note="已补充",
        on=_workdays_before(today, 1),
    )
    _uploaded_on(app, _workdays_before(today, 1), dt.time(10, 30), names=["规划总平面图.pdf"])


def load_applications(zone) -> None:
    User = get_user_model()
    clerk, reviewer = User.objects.get(username="clerk"), User.objects.get(username="reviewer")
    company = User.objects.get(username="enterprise")
    items = {i.code: i for i in ApprovalItem.objects.filter(zone=zone)}
    today = timezone.localdate()

    _land_in_three_days(zone, items, clerk, reviewer)
    _supplement_asked(zone, items, clerk, company, today)
    _on_the_review_desk(zone, items, clerk, reviewer, today)
    # A history of the year for the statistics, and open files on the review desk.
    generate_history(
        zone=zone,
        count=400,
        start=dt.date(2026, 1, 5),
        end=today,
        submitter=clerk,
        reviewers=[reviewer],
        seed=2019,
    )
