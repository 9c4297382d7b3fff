"""企业服务 on each person's desk (core.desk): the leaders' overdue requests and open 差评; the department
head's requests and follow-ups; the enterprise's services to rate, its open requests and the survey it has yet to
answer."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import desk
from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.templatetags.devzone import show
from devzone.services import selectors
from devzone.services.choices import OPEN_REQUEST_STATUSES, FollowUpStatus
from devzone.services.models import FollowUp, ServiceRequest

LEADERS = (Role.ZONE_LEADER, Role.CITY_OFFICER)


@desk.item(40, *LEADERS)
@desk.reading(ServiceRequest, selectors.request_list)
@desk.counting(
    "services.overdue_requests",
    gettext_lazy("超期未办结的企业诉求"),
    "services:request_list?status=overdue",
    tone="red",
)
def overdue_requests(request, qs):
    return qs.filter(status__in=OPEN_REQUEST_STATUSES, due_on__lt=timezone.localdate())


@desk.item(41, *LEADERS)
@desk.reading(FollowUp, selectors.followup_list)
@desk.counting(
    "services.followups",
    gettext_lazy("待整改回访的差评"),
    f"services:followup_list?status={FollowUpStatus.OPEN}",
    tone="yellow",
)
def open_bad_ratings(request, qs):
    return qs.filter(status=FollowUpStatus.OPEN)


@desk.item(40, Role.DEPARTMENT_HEAD)
@desk.reading(ServiceRequest, selectors.request_queue)
def department_requests(request, qs):
    today = timezone.localdate()
    return desk.listing(
        qs,
        lambda r: desk.Row(
            r.title,
            r.get_absolute_url(),
            _("%(on)s到期") % {"on": date_format(r.due_on, "MONTH_DAY_FORMAT")} if r.due_on else "",
            "red" if r.due_on and r.due_on < today else "",
        ),
        key="services.queue",
        label=_("本部门待办的企业诉求"),
        url=reverse("services:home"),
        tone="yellow",
    )


@desk.item(41, Role.DEPARTMENT_HEAD)
@desk.reading(FollowUp, selectors.open_followups)
def department_followups(request, qs):
    department_id = reach_of(request.user).department_id
    qs = qs.filter(rating__department_id=department_id, status=FollowUpStatus.OPEN)  # as the link lists
    return desk.Entry(
        key="services.department_followups",
        label=_("本部门待整改的差评"),
        count=qs.count(),
        url=f"{reverse('services:followup_list')}?status={FollowUpStatus.OPEN}&department={department_id}",
        tone="red",
    )


@desk.item(40, Role.ENTERPRISE_USER)
def to_rate(request):
    # every one counted (a count per kind); only the first few read, to list them
    services = selectors.services_to_rate(user=request.user, limit=desk.NEAREST)
    rows = tuple(
        desk.Row(f"{s['item']} · {s['what']}", reverse("services:rate", args=[s["kind"], s["pk"]]))
        for s in services[: desk.NEAREST]
    )
    return desk.Entry(
        key="services.to_rate",
        label=_("待评价的服务"),
        count=selectors.services_to_rate_count(user=request.user),
        url=reverse("services:home"),
        tone="yellow",
        rows=rows,
        hint=_("好差评：您的评价用于各部门考核"),
    )


@desk.item(41, Role.ENTERPRISE_USER)
@desk.counting("services.requests", gettext_lazy("办理中的诉求"), "services:request_list?status=open")
def my_requests(request):
    return selectors.request_list(user=request.user).filter(status__in=OPEN_REQUEST_STATUSES)


@desk.item(42, Role.ENTERPRISE_USER)
def open_survey(request):
    """The quarter's satisfaction survey while the enterprise has not answered it (gone once answered or closed),
    linked to the banner of the services page where the enterprise opens it."""
    survey = selectors.open_survey_for(user=request.user)
    if survey is None:
        return None
    url = f"{reverse('services:home')}#survey"
    return desk.Entry(
        key="services.survey",
        label=_("待填写的满意度测评"),
        count=1,
        url=url,
        tone="yellow",
        rows=(desk.Row(str(survey), url, _("%(day)s截止") % {"day": show(survey.closes_on)}),),
        hint=_("匿名填写，结果用于各部门考核"),
    )
