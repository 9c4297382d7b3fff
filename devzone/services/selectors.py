"""Reads of the enterprise-service module for pages, the API and other modules (performance reads
``department_satisfaction``). Every list starts from ``for_user``; statistics never name the rater."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, Q
from django.utils.translation import gettext as _

from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.errors import check_id
from devzone.services import scoring
from devzone.services.choices import OPEN_REQUEST_STATUSES, FollowUpStatus, RequestStatus, SurveyStatus
from devzone.services.models import (
    AnswerCount,
    Appeal,
    FollowUp,
    Rating,
    ServiceRequest,
    ServiceSettings,
    SupportPlan,
    Survey,
)


def settings_for(zone) -> ServiceSettings:
    """The zone's settings, created with the defaults (and 综合服务部, 经济发展部 as survey departments)."""
    found = ServiceSettings.objects.filter(zone=zone).first()
    if found is not None:
        return found
    from devzone.core.models import Department

    found, created = ServiceSettings.objects.get_or_create(zone=zone)
    if created:
        found.survey_departments.set(
            Department.objects.filter(
                zone=zone, name__in=["综合服务部", "经济发展部"], abolished_on__isnull=True
            )
        )
    return found


def settings_values(conf: ServiceSettings) -> dict:
    """The settings under the names the settings form and the API use (``services.plans.settings_set``
    takes them back)."""
    return {
        "followup_days": conf.followup_days,
        "auto_rate_enabled": conf.auto_rate_enabled,
        "auto_rate_days": conf.auto_rate_days,
        "request_default_days": conf.request_default_days,
        "survey_departments": sorted(d.pk for d in conf.survey_departments.all()),
        "version": conf.version,  # what a save names as the settings it read (a stale one is refused)
    }


def staff_choices(zone_id: int, department_id: int | None = None) -> list[tuple]:
    """(user, name) of a zone's active staff, for the assignee and handler choices of a row already read in
    the user's scope (its zone). A choice needs the user's id and a name: only those are read (each user
    carries its id and username)."""
    from devzone.core.models import Profile
    from devzone.services.services.common import STAFF_ROLES

    qs = (
        Profile.objects.filter(zone_id=zone_id, role__in=STAFF_ROLES, user__is_active=True)
        .select_related("user")
        .only("display_name", "user__id", "user__username")
    )
    if department_id:
        qs = qs.filter(staff__department_id=department_id)
    return [(p.user, p.display_name or p.user.username) for p in qs.order_by("display_name")]


def departments(*, user, zone_id: int, active: bool = True):
    """A zone's departments as the user may see them (choices of the survey, plan and settings forms)."""
    from devzone.core.models import Department

    qs = Department.objects.for_user(user).filter(zone_id=zone_id)
    if active:
        qs = qs.filter(abolished_on__isnull=True)
    return qs.order_by("order", "id")


def survey_links(*, survey):
    """The one-use links of a survey already read in the user's scope (the counts and the send-out list)."""
    from devzone.services.models import SurveyLink

    return SurveyLink.objects.filter(survey=survey)


@dataclass(frozen=True)
class Delivery:
    """One line of a survey's send-out list: the enterprise, the accounts its survey was delivered to (their
    messages), and whether it answered. Never the link: the enterprise opens its own from its portal."""

    enterprise_id: int
    name: str
    credit_code: str
    delivered_to: tuple[str, ...]
    answered: bool

    @property
    def delivered(self) -> bool:
        return bool(self.delivered_to)


def survey_delivery(*, survey) -> list[Delivery]:
    """The send-out list of a survey already read in the user's scope, by enterprise name: to whom each
    enterprise's survey was delivered (the accounts told when it opened, or when a leader re-issued the link:
    ``surveys.link_notice_key``) and whether it was answered. Three queries, however many enterprises."""
    from devzone.core.models import Notification, Profile
    from devzone.services.services.surveys import LINK_KIND, link_notice_key

    links = list(
        survey_links(survey=survey)
        .select_related("enterprise")
        .only("used", "enterprise__name", "enterprise__credit_code")
        .order_by("enterprise__name", "enterprise_id")
    )
    accounts = Profile.objects.filter(enterprise_id__in=[link.enterprise_id for link in links]).values(
        "user_id"
    )
    prefix = link_notice_key(survey.pk, 0, "").removesuffix(
        "0-"
    )  # "survey-link-<survey>-", then the enterprise
    told: dict[int, set[str]] = defaultdict(set)
    for key, name, username in Notification.objects.filter(
        user_id__in=accounts, kind=LINK_KIND, dedupe_key__startswith=prefix
    ).values_list("dedupe_key", "user__profile__display_name", "user__username"):
        enterprise_id = check_id(key[len(prefix) :].split("-", 1)[0])  # ASCII digits only: never "²"
        if enterprise_id:
            told[enterprise_id].add(name or username)
    return [
        Delivery(
            enterprise_id=link.enterprise_id,
            name=link.enterprise.name,
            credit_code=link.enterprise.credit_code,
            delivered_to=tuple(sorted(told.get(link.enterprise_id, ()))),
            answered=link.used,
        )
        for link in links
    ]


# --- requests ------------------------------------------------------------------------------------------
def request_list(*, user):
    """Requests in reach, each marked ``rated_hidden`` when it reads as 已办结 to ``user`` (``with_shown_status``)."""
    return with_shown_status(
        ServiceRequest.objects.for_user(user).select_related("enterprise", "department", "assignee__profile"),
        user,
    )


def rated_readable_q(user) -> Q | None:
    """The rated requests whose 已评价 ``user`` may read: those whose rating's enterprise they may know
    (``may_see_enterprise``, as ``readable_q``). None when they may read every rating's (an enterprise user)."""
    if user is None:
        return Q(pk__isnull=True)  # no reader named: as nobody may read it (fails closed)
    readable = readable_q(user, "rating__")
    return readable if readable else None  # an empty condition: every rating is readable


def rated_hidden_q(user) -> Q | None:
    """The requests that read as 已办结 to ``user``: rated, and the rating's enterprise not theirs to know. To
    the officer who handled a request (the person rated) and to the staff who may not know the enterprise behind
    a rating, a rated request is a closed one: its status, the list's filter, its thread and its version
    (``ServiceRequest.shown_version``) tell nothing of the rating; with the ratings list beside it, 已评价 would tie
    a rating (and its level) to the request's enterprise. None when ``user`` may read every rating's."""
    readable = rated_readable_q(user)
    return None if readable is None else Q(status=RequestStatus.RATED) & ~readable


def with_shown_status(qs, user):
    """``qs`` of requests with ``rated_hidden`` on each row (``rated_hidden_q``), which ``ServiceRequest``'s
    ``shown_status``, ``shown_status_label`` and ``shown_version`` read: one expression in the same query, not a
    read per row."""
    hidden = rated_hidden_q(user)
    if hidden is None:
        return qs
    return qs.annotate(rated_hidden=ExpressionWrapper(hidden, output_field=BooleanField()))


def request_shown(user, req: ServiceRequest) -> ServiceRequest:
    """``req`` (a row read without ``with_shown_status``, e.g. a locked one) marked as ``user`` reads it."""
    if req.status != RequestStatus.RATED:
        req.rated_hidden = False
        return req
    rating = getattr(req, "rating", None)  # the reverse one-to-one: None when missing
    req.rated_hidden = rating is None or user is None or not may_see_enterprise(user, rating)
    return req


def request_queue(*, user):
    """Zone staff: the open requests they can act on (a leader all; others their own department's)."""
    qs = request_list(user=user).filter(status__in=OPEN_REQUEST_STATUSES)
    r = reach_of(user)
    if r.role in (Role.ZONE_LEADER, Role.CITY_OFFICER, Role.SYSADMIN):
        return qs.order_by("due_on", "id")
    if r.department_id:
        return qs.filter(Q(department_id=r.department_id) | Q(assignee=user)).order_by("due_on", "id")
    return qs.filter(assignee=user).order_by("due_on", "id")


# --- ratings -------------------------------------------------------------------------------------------
def rating_list(*, user):
    # the follow-up says whether its handler may know the enterprise behind the rating (``may_see_enterprise``),
    # and so how each row names the service (``rating_item``): joined, not read row by row
    return Rating.objects.for_user(user).select_related("department", "enterprise", "follow_up")


def may_see_enterprise(user, rating: Rating | None = None) -> bool:
    """Who reads the rated enterprise's name: the enterprise itself, zone leaders (who decide appeals and
    oversee follow-ups), and the handler of the rating's follow-up and the rated department's head (who must
    call the enterprise back). The person rated never does, whatever else they are (leader, head, handler):
    the rater's identity is confidential to the rated, and that rule is checked first. No page ever names the
    user who rated."""
    r = reach_of(user)
    if r.role == Role.ENTERPRISE_USER:
        return True
    if rating is not None and rating.served_by_id is not None and rating.served_by_id == user.pk:
        return False
    if r.role == Role.ZONE_LEADER:
        return True
    if rating is not None:
        follow = getattr(rating, "follow_up", None) if rating.pk else None
        if follow is not None and follow.handler_id == user.pk:
            return True
        if r.role == Role.DEPARTMENT_HEAD and rating.department_id == r.department_id and follow is not None:
            return True
    return False


def rating_words_shown(user, rating: Rating) -> bool:
    """Whether ``user`` reads the enterprise's own words on ``rating`` (its comment, 评价意见): only who may know
    the enterprise behind it (``may_see_enterprise``). A comment is the enterprise's free text — a 差评 must give
    its reason, which tells its case, its people, often its name — so the person rated, who knows the services
    they gave, would learn from it who rated them and could press the enterprise; 国办发〔2019〕51号 asks that the
    evaluator's privacy be protected. They read the level (and the rectification's outcome, ``followup_words_shown``);
    the department's head and the leaders who see the 差评 rectified read the words. The automatic rating's comment is
    the system's, not the enterprise's: everyone reads it. No reader named: nobody."""
    if rating.automatic:
        return True
    return user is not None and may_see_enterprise(user, rating)


def rating_comment(user, rating: Rating) -> str | None:
    """``rating``'s comment as ``user`` may read it (``rating_words_shown``; the automatic one in the reader's
    language), None when withheld."""
    return rating.shown_comment if rating_words_shown(user, rating) else None


def readable_q(user, prefix: str = "") -> Q:
    """``may_see_enterprise`` as a condition on ratings (``prefix`` "rating__" for follow-ups): the rows whose
    enterprise ``user`` may know, and so whose service a search may match by its name (``filters``)."""
    r = reach_of(user)
    if r.role == Role.ENTERPRISE_USER:
        return Q()
    not_rated = ~Q(**{f"{prefix}served_by": user.pk})
    if r.role == Role.ZONE_LEADER:
        return not_rated
    handles = Q(**{f"{prefix}follow_up__handler": user.pk})
    if r.role == Role.DEPARTMENT_HEAD and r.department_id:
        handles |= Q(**{f"{prefix}department_id": r.department_id, f"{prefix}follow_up__isnull": False})
    return handles & not_rated


def rating_item(user, rating: Rating, *, stored: bool = False) -> str:
    """What ``rating`` names of the service rated, as ``user`` may read it: in full (审批：…, 诉求：<title>,
    全程代办：<project>) for who may know the enterprise behind it; for the others the request's title and the
    project's name, which lead back to the enterprise through the lists' searches, give way to the kind alone
    (``ratings.WITHHELD_ITEMS``). In the reader's language for pages; ``stored`` for the API (as stored)."""
    from devzone.services.services.ratings import item_label, item_withheld, item_withheld_label

    if user is not None and may_see_enterprise(user, rating):  # no reader named: as anyone may read it
        return rating.item if stored else item_label(rating.item)
    return (item_withheld if stored else item_withheld_label)(rating.kind, rating.item)


# a follow-up closed without a call-back: only an upheld appeal ends one so (``followups._exclude``)
ENDED_BY_APPEAL = Q(status=FollowUpStatus.CLOSED, callback_on__isnull=True)


def followup_list(*, user):
    """Follow-ups in reach. An enterprise does not see one an upheld appeal ended (closed without a
    call-back): appeals and exclusions are internal, and its status would tell of them."""
    qs = FollowUp.objects.for_user(user).select_related("rating__department", "rating__enterprise", "handler")
    if reach_of(user).role == Role.ENTERPRISE_USER:
        qs = qs.exclude(ENDED_BY_APPEAL)
    return qs


def followup_shown(user, follow: FollowUp | None) -> FollowUp | None:
    """A rating's follow-up as ``user`` may see it on the rating's page (None for an enterprise when an
    upheld appeal ended it; see ``followup_list``)."""
    if follow is None or reach_of(user).role != Role.ENTERPRISE_USER:
        return follow
    ended = follow.status == FollowUpStatus.CLOSED and follow.callback_on is None
    return None if ended else follow


def followup_words_shown(user, follow: FollowUp) -> bool:
    """Whether ``user`` reads what a follow-up holds of the enterprise — whom the handler called back, the
    call-back record (回访记录: the enterprise's words as the handler wrote them down, often its name), the
    rectification (整改措施: what the department did about that enterprise's case, written for the department) and
    the enterprise's comment on the rectification: only who may know the enterprise behind the rating
    (``may_see_enterprise``: the handler, the rated department's head, the leaders, the enterprise). The others —
    the person rated above all — read the outcome: the status, the call-back's day and lateness, the level the
    enterprise gave the rectification. No reader named: nobody."""
    return user is not None and may_see_enterprise(user, follow.rating)


def open_followups(*, user):
    return followup_list(user=user).exclude(status=FollowUpStatus.CLOSED)


def appeal_list(*, user):
    return Appeal.objects.for_user(user).select_related(
        "rating__department", "rating__follow_up", "filed_by__profile"
    )


def support_plan_get(*, user, enterprise):
    return SupportPlan.objects.for_user(user).filter(enterprise=enterprise).select_related("owner").first()


# --- statistics ----------------------------------------------------------------------------------------
def counted_ratings(*, zone_ids, year: int, quarter: int | None = None):
    """Ratings that count in statistics (not excluded by an upheld appeal) in a year or quarter."""
    if quarter:
        first, last = scoring.quarter_bounds(year, quarter)
        period = Q(rated_on__range=(first, last))
    else:
        period = Q(rated_on__year=year)
    return Rating.objects.filter(period, zone_id__in=zone_ids, excluded=False)


def _tally(bucket: dict, key, name, level: int, automatic: bool, n: int) -> None:
    """Adds n ratings of one level to the row of key (created on first sight)."""
    row = bucket.setdefault(
        key,
        {
            "id": key[0] if isinstance(key, tuple) else key,
            "name": name or "—",
            "count": 0,
            "good": 0,
            "bad": 0,
            "satisfied": 0,
            "automatic": 0,
            "sum": 0,
        },
    )
    row["count"] += n
    row["good"] += n if scoring.is_good(level) else 0
    row["bad"] += n if scoring.is_bad(level) else 0
    row["satisfied"] += n if level >= scoring.SATISFIED_FROM else 0
    row["automatic"] += n if automatic else 0
    row["sum"] += level * n


def _finished(bucket: dict) -> list[dict]:
    """The rows with 好评率, 差评率, 满意率 and mean points instead of the level sum, most rated first."""
    out = []
    for row in bucket.values():
        total_sum = row.pop("sum")
        row["good_share"] = scoring.percent(row["good"], row["count"])
        row["bad_share"] = scoring.percent(row["bad"], row["count"])
        row["satisfied_share"] = scoring.percent(row["satisfied"], row["count"])
        row["points"] = scoring.points(Decimal(total_sum) / row["count"]).quantize(scoring.CENT)
        out.append(row)
    return sorted(out, key=lambda r: (-r["count"], r["name"]))


def rating_statistics(*, zone_ids, year: int, quarter: int | None = None) -> dict:
    """Counts per level, 好评率 and 差评率 as the national system counts them (``scoring.GOOD_FROM``), the
    stricter 满意率, the rectification rate of 差评, and mean points per department, per person and per
    quarter. One grouped query (department, person, month, level, automatic → count) read once; the rest is
    arithmetic."""
    from django.db.models.functions import ExtractMonth

    qs = counted_ratings(zone_ids=zone_ids, year=year, quarter=quarter)
    groups = (
        qs.annotate(month=ExtractMonth("rated_on"))
        .values_list(
            "department_id",
            "department__name",
            "served_by_id",
            "served_by_label",
            "month",
            "level",
            "automatic",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    levels = {lv: 0 for lv in (5, 4, 3, 2, 1)}
    departments: dict = {}
    people: dict = {}
    quarters = {q: [0, 0, 0] for q in ((1, 2, 3, 4) if not quarter else (quarter,))}  # count, good, level sum

    for dept_id, dept_name, person_id, person_label, month, level, automatic, n in groups:
        levels[level] += n
        _tally(departments, dept_id, dept_name, level, automatic, n)
        # one row per person: by their account when they have one (a name corrected since keeps one row, its ratings
        # not split between the old and the new name), else by the name kept on the rating (an agent without one)
        _tally(people, (person_id, "" if person_id else person_label), person_label, level, automatic, n)
        q = (month - 1) // 3 + 1
        if q in quarters:
            quarters[q][0] += n
            quarters[q][1] += n if scoring.is_good(level) else 0
            quarters[q][2] += level * n

    total = sum(levels.values())
    bad = sum(n for lv, n in levels.items() if scoring.is_bad(lv))
    rectified = qs.filter(level__lte=scoring.BAD_UP_TO, follow_up__status=FollowUpStatus.CLOSED).count()
    return {
        "total": total,
        "levels": levels,
        "good_share": scoring.percent(sum(n for lv, n in levels.items() if scoring.is_good(lv)), total),
        "bad_share": scoring.percent(bad, total),
        "satisfied_share": scoring.percent(
            sum(n for lv, n in levels.items() if lv >= scoring.SATISFIED_FROM), total
        ),
        "rectified_share": scoring.percent(rectified, bad),
        "good_rule_source": scoring.GOOD_RULE_SOURCE,
        "by_department": _finished(departments),
        "by_person": _finished(people),
        "by_quarter": [
            {
                "quarter": q,
                "count": c,
                "good": g,
                "points": scoring.points(Decimal(sm) / c).quantize(scoring.CENT) if c else None,
            }
            for q, (c, g, sm) in quarters.items()
        ],
    }


def _survey_levels(surveys) -> dict[int, dict[str, list[int]]]:
    """Department → question → [sum of levels, answers], from the counts of closed surveys."""
    out: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for dept, q, level, n in AnswerCount.objects.filter(survey__in=surveys).values_list(
        "department_id", "question", "level", "count"
    ):
        out[dept][q][0] += level * n
        out[dept][q][1] += n
    return out


def survey_results(*, survey) -> list[dict]:
    """Per department of a closed survey: answers, mean of each question and the 0–100 points (no
    enterprise). A department with fewer than ``DEVZONE_SURVEY_MIN_ANSWERS`` answers shows its count only:
    a figure from two or three answers would all but name who gave them."""
    levels = _survey_levels([survey])
    names = dict(survey.departments.values_list("pk", "name"))
    out = []
    for dept, name in sorted(names.items(), key=lambda kv: kv[1]):
        per_q = levels.get(dept)
        n = per_q["overall"][1] if per_q else 0
        row = {
            "department_id": dept,
            "name": name,
            "answers": n,
            "shown": n >= settings.DEVZONE_SURVEY_MIN_ANSWERS,
        }
        if row["shown"]:
            means = {q: Decimal(s) / c for q, (s, c) in per_q.items()}
            row.update({q: means[q].quantize(scoring.CENT) for q in ("overall", "efficiency", "attitude")})
            row["points"] = scoring.points(sum(means.values()) / 3).quantize(scoring.CENT)
        out.append(row)
    return out


def open_survey_closes_on(*, zone, year: int, quarter: int):
    """The day the quarter's satisfaction survey still under way in ``zone`` closes, or None when none is open
    (the assessment does not take a quarter's satisfaction while its survey is collecting answers)."""
    return (
        Survey.objects.filter(zone=zone, year=year, quarter=quarter, status=SurveyStatus.OPEN)
        .values_list("closes_on", flat=True)
        .first()
    )


def department_satisfaction(*, zone, year: int, quarter: int) -> dict[int, Decimal]:
    """Department id → 0–100 satisfaction of the quarter, combining the quarter's survey and its 好差评
    (formula in ``devzone.services.scoring``: 0.6 × survey + 0.4 × 好差评, either alone when the other is
    missing). Departments with neither are absent. Read by the performance module (企业满意度测评)."""
    closed = Survey.objects.filter(zone=zone, year=year, quarter=quarter, status=SurveyStatus.CLOSED)
    survey = {}
    for dept, per_q in _survey_levels(closed).items():
        if per_q["overall"][1] >= settings.DEVZONE_SURVEY_MIN_ANSWERS:  # too few answers: no survey figure
            total, n = (sum(v[i] for v in per_q.values()) for i in (0, 1))
            survey[dept] = scoring.points(Decimal(total) / n)
    ratings = {
        d: scoring.points(Decimal(str(mean)))
        for d, mean in counted_ratings(zone_ids=[zone.pk], year=year, quarter=quarter)
        .filter(department__isnull=False)
        .values("department_id")
        .annotate(mean=Avg("level"))
        .values_list("department_id", "mean")
    }
    out = {}
    for dept in survey.keys() | ratings.keys():
        value = scoring.combine(survey.get(dept), ratings.get(dept))
        if value is not None:
            out[dept] = value
    return out


def clock_reading(clock) -> dict:
    """Elapsed/remaining working days of a clock, as the pages show it."""
    from django.utils import timezone

    from devzone.core.services.clocks import clock_state

    return clock_state(clock, timezone.localdate())


def rateable_applications(*, user):
    """The approval files ``user`` may rate now, as ``rate`` decides: an enterprise user's own concluded files,
    not rated yet, concluded within the rating period. Its to-rate list and the file's page (the
    ``approvals.hooks`` registration in ``services.hooks``) both read it."""
    from django.utils import timezone

    from devzone.approvals.models import Application
    from devzone.services.services.ratings import RATEABLE_APPLICATION, window_start

    if reach_of(user).role != Role.ENTERPRISE_USER:
        return Application.objects.none()
    since = window_start(timezone.localdate())  # the period ``rate`` enforces
    return Application.objects.for_user(user).filter(
        status__in=RATEABLE_APPLICATION, rating__isnull=True, concluded_on__gte=since
    )


def _to_rate(user) -> list:
    """The three kinds of service an enterprise user may rate now, each as a queryset, newest first: concluded
    applications, answered requests, and the agency service of its key projects (none without the projects
    module)."""
    from django.utils import timezone

    from devzone.core.models import Project
    from devzone.services.services.ratings import RATEABLE_REQUEST, window_start

    since = window_start(timezone.localdate())  # the period ``rate`` enforces
    kinds = [
        rateable_applications(user=user).select_related("item", "project").order_by("-concluded_on", "-id"),
        ServiceRequest.objects.for_user(user)
        .filter(status__in=RATEABLE_REQUEST, rating__isnull=True, answered_on__gte=since)
        .order_by("-answered_on", "-id"),
    ]
    KeyProject = projects_model("KeyProject")
    if KeyProject is not None:
        # a subquery, not a list: one statement, however many projects the enterprise has rated
        rated = (
            Rating.objects.for_user(user).filter(kind="agency", project__isnull=False).values("project_id")
        )
        mine = Project.objects.for_user(user).exclude(pk__in=rated)
        kinds.append(
            KeyProject.objects.filter(project__in=mine, agent__isnull=False)
            .select_related("project", "agent")
            .order_by("-project__signed_on", "id")
        )
    return kinds


def services_to_rate_count(*, user) -> int:
    """How many services ``user`` may rate now, all of them (one count per kind of service)."""
    return sum(qs.count() for qs in _to_rate(user))


def services_to_rate(*, user, limit: int = 20) -> list[dict]:
    """An enterprise user's services received and not yet rated: concluded applications, answered requests,
    and the agency service of its key projects — at most ``limit`` of each kind (``services_to_rate_count``
    counts them all)."""
    apps, requests, *agency = _to_rate(user)
    out = [
        {"kind": "application", "pk": a.pk, "item": a.item.name, "what": a.project.name, "on": a.concluded_on}
        for a in apps[:limit]
    ]
    out += [
        {
            "kind": "request",
            "pk": r.pk,
            "item": r.title,
            "what": r.get_category_display(),
            "on": r.answered_on,
        }
        for r in requests[:limit]
    ]
    for kps in agency:
        out += [
            {
                "kind": "agency",
                "pk": kp.project_id,
                "item": kp.project.name,
                "what": _("全程代办"),
                "on": None,
            }
            for kp in kps[:limit]
        ]
    return out


def open_survey_for(*, user):
    """The open survey an enterprise user's enterprise has an unused link for (None otherwise)."""
    from django.utils import timezone

    from devzone.services.choices import SurveyStatus
    from devzone.services.models import SurveyLink

    r = reach_of(user)
    if r.role != Role.ENTERPRISE_USER or not r.enterprise_id:
        return None
    link = (
        SurveyLink.objects.filter(
            enterprise_id=r.enterprise_id,
            used=False,
            survey__status=SurveyStatus.OPEN,
            survey__closes_on__gte=timezone.localdate(),
        )
        .select_related("survey")
        .first()
    )
    return link.survey if link else None


def projects_model(name: str):
    from django.apps import apps

    try:
        return apps.get_model("projects", name)
    except LookupError:
        return None
