"""Reads of the personnel module: campaigns and openings with their counts, and the campaign's statistics (every
figure computed from the registrations, refreshed on each request)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from devzone.personnel.choices import PASSED_SCREENING, POSTGRADUATE, CampaignStatus, EmployerType
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.models import Opening, RecruitmentCampaign, Registration, RegistrationEvent
from devzone.personnel.selection import Band, competition_ratio, elimination_band

COUNTED = ~Q(status=S.WITHDRAWN)


def campaigns_for(user):
    return RecruitmentCampaign.objects.for_user(user).annotate(
        opening_count=Count("openings", distinct=True),
        seats=Sum("openings__headcount"),
    )


def published_campaigns():
    """The portal's list: published campaigns, newest first (public reference data)."""
    return RecruitmentCampaign.objects.filter(status=CampaignStatus.PUBLISHED).order_by("registration_closes")


def campaigns_taking_registrations(*, now=None, started: bool = False):
    """The published campaigns whose registration has not closed yet (``started``: and has opened), as the
    registration service takes them (``registrations._window_open``). A campaign stays 已发布 after its deadline
    until the city's officer ends registration: the portal and 我的报名 no longer offer it (注册报名, 报考此岗位)
    from its deadline on, which the service would refuse (报名已截止)."""
    now = now or timezone.now()
    qs = published_campaigns().filter(registration_closes__gt=now)
    return qs.filter(registration_opens__lte=now) if started else qs


def portal_openings(campaigns):
    """The openings of published campaigns, with their applicant counts (public, as the announcement is)."""
    return openings_with_counts(Opening.objects.filter(campaign__in=campaigns)).order_by("campaign", "code")


def short_day(on, today) -> str:
    """A day as a desk or a reminder writes it: 12月18日 this year, with the year (2027年1月5日) another year."""
    return date_format(on, "MONTH_DAY_FORMAT" if on.year == today.year else "DATE_FORMAT")


@dataclass(frozen=True)
class ResubmitDeadline:
    """When a returned registration (退回修改) must be corrected and resubmitted by, as the candidate reads it."""

    on: str  # 12月18日 15:29, Beijing time
    passed: bool

    @property
    def note(self) -> str:
        if self.passed:
            return _("修改期限已过（%(on)s）") % {"on": self.on}
        return _("请于%(on)s前修改并重新提交") % {"on": self.on}


def resubmit_deadline(campaign, *, now=None) -> ResubmitDeadline:
    """A returned registration is resubmitted only while registration is open (``registrations._window_open``):
    its deadline is the campaign's end of registration, in Beijing time. The candidate's desk and the
    registration's page both read it here, so they never tell two different times."""
    now = now or timezone.now()
    closes = timezone.localtime(campaign.registration_closes)
    on = f"{short_day(closes.date(), timezone.localtime(now).date())} {closes:%H:%M}"
    return ResubmitDeadline(on=on, passed=campaign.registration_closes <= now)


def portal_city(raw):
    """The city whose portal a candidate registers on: the one asked for, else the only city with an open
    campaign; None when there is no such city."""
    from devzone.core.errors import check_id
    from devzone.core.models import City

    cities = City.objects.filter(pk__in=published_campaigns().values("city"))
    pk = check_id(raw) if raw else None
    if pk is not None:
        return cities.filter(pk=pk).first()
    return cities.first() if cities.count() == 1 else None


def openings_with_counts(queryset):
    return queryset.select_related("zone").annotate(
        applicants=Count("registrations", filter=~Q(registrations__status=S.WITHDRAWN)),
        qualified=Count("registrations", filter=Q(registrations__status__in=PASSED_SCREENING)),
    )


def opening_with_counts(opening):
    """One opening (already read in the caller's scope) with its applicant counts."""
    return openings_with_counts(type(opening).objects.filter(pk=opening.pk)).get()


def share(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal; None for nothing to divide."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def campaign_statistics(campaign, *, registrations=None) -> dict:
    """Applicants per opening, competition ratios (average and maximum), the education mix, the 双一流 share and
    the sources (province, employer type) — what the city's report quotes, from the rows.

    Every figure is of one set: the openings in a reach and their registrations. ``registrations`` is the set a
    person may read (``Registration.objects.for_user(user)``, which remembers the user): the openings are then
    those the same person may read, so a zone's 人事专员 divides the zone's applicants by the zone's seats and the
    city office reads the whole campaign. None: the whole campaign (the reform bulletin)."""
    reach = getattr(registrations, "reach", None)
    in_reach = (Opening.objects.for_user(*reach) if reach else Opening.objects.all()).filter(
        campaign=campaign
    )
    openings = list(in_reach.select_related("zone").order_by("code"))
    regs = (registrations if registrations is not None else Registration.objects.all()).filter(
        COUNTED, campaign=campaign, opening__in=in_reach.values("pk")
    )
    per_opening = dict(regs.values_list("opening").annotate(n=Count("pk")).values_list("opening", "n"))
    for o in openings:
        o.applicants = per_opening.get(o.pk, 0)
    seats = sum(o.headcount for o in openings)
    applicants = sum(per_opening.values())
    ratios = sorted(
        ((o, competition_ratio(o.applicants, o.headcount)) for o in openings),
        key=lambda t: (-(t[1] or 0), t[0].code),
    )
    busiest = max(ratios, key=lambda t: t[1] or 0, default=(None, None))
    people = regs.values("candidate__education", "candidate__double_first_class")
    education = dict(
        regs.values_list("candidate__education")
        .annotate(n=Count("pk"))
        .values_list("candidate__education", "n")
    )
    postgraduates = sum(n for level, n in education.items() if level in POSTGRADUATE)
    leaders = [o for o in openings if o.leadership]
    return {
        "openings": ratios,
        "opening_count": len(openings),
        "seats": seats,
        "applicants": applicants,
        "average_ratio": competition_ratio(applicants, seats),
        "max_ratio": busiest[1],
        "max_opening": busiest[0],
        "leadership_seats": sum(o.headcount for o in leaders),
        "leadership_applicants": sum(o.applicants for o in leaders),
        "education": education,
        "postgraduate_share": share(postgraduates, applicants),
        "double_first_class_share": share(
            people.filter(candidate__double_first_class=True).count(), applicants
        ),
        "provinces": list(
            regs.values("candidate__province")
            .annotate(n=Count("pk"))
            .order_by("-n", "candidate__province")[:10]
        ),
        "employers": [
            (EmployerType(row["candidate__employer_type"]).label, row["n"])
            for row in regs.values("candidate__employer_type")
            .annotate(n=Count("pk"))
            .order_by("-n", "candidate__employer_type")
        ],
    }


# --- 刚性淘汰: the yearly rate against the band ---------------------------------------------------------------
@dataclass(frozen=True)
class BandRow:
    zone: object
    staff: int
    eliminated: int
    rule: object | None  # the city's EliminationShare in force; None: the city has set none
    band: Band | None
    verdict: str  # below / within / above, or "unset" without a share
    rate: Decimal | None


def elimination_share(city_id: int, year: int):
    """The city's 刚性淘汰比例 a year is measured by: the rule in force on the year's last day (None if none)."""
    import datetime as dt

    from devzone.personnel.models import EliminationShare

    return EliminationShare.in_force(dt.date(year, 12, 31), city_id=city_id)


def elimination_report(zones, year: int) -> list[BandRow]:
    """Per zone: active staff, cases decided or final in ``year`` (cleared ones do not count), the band its city's
    share gives and the verdict (below / within / above). The city reads it across its zones."""
    from devzone.core.models import Staff
    from devzone.personnel.choices import COUNTED_CASES
    from devzone.personnel.models import EliminationCase

    staff = dict(
        Staff.objects.filter(zone__in=zones, is_active=True).values_list("zone").annotate(n=Count("pk"))
    )
    done = dict(
        EliminationCase.objects.filter(zone__in=zones, year=year, status__in=COUNTED_CASES)
        .values_list("zone")
        .annotate(n=Count("staff", distinct=True))
    )
    shares = {city_id: elimination_share(city_id, year) for city_id in {zone.city_id for zone in zones}}
    rows = []
    for zone in zones:
        n, k, rule = staff.get(zone.pk, 0), done.get(zone.pk, 0), shares[zone.city_id]
        if rule is None:
            rows.append(BandRow(zone, n, k, None, None, "unset", share(k, n)))
            continue
        band = elimination_band(n, low=rule.low_percent / 100, high=rule.high_percent / 100)
        rows.append(BandRow(zone, n, k, rule, band, band.verdict(k), share(k, n)))
    return rows


def own_cases(user):
    """The elimination cases of the user's own staff record (the person reads and appeals them)."""
    from devzone.core.access import reach_of
    from devzone.personnel.models import EliminationCase

    staff_id = reach_of(user).staff_id
    return EliminationCase.objects.filter(staff_id=staff_id) if staff_id else EliminationCase.objects.none()


def own_entries(user):
    """The competition entries of the user's own staff record (the person applies, withdraws and reads them)."""
    from devzone.core.access import reach_of
    from devzone.personnel.models import CompetitionEntry

    staff_id = reach_of(user).staff_id
    return CompetitionEntry.objects.filter(staff_id=staff_id) if staff_id else CompetitionEntry.objects.none()


def posts_open_to(user, staff, on) -> list:
    """The posts of the open competitions (报名中) of ``staff``'s zone that the person may apply to on ``on`` and
    whose competition they have not entered (one post per competition; an entry they withdrew does not count), as
    我的竞聘 lists them. The conditions are
    ``services.competition.eligibility_checks``' (rank, full years in the rank, last year's review), read in two
    queries whatever the number of posts (and one for 逐级晋升's rules), where that function reads the review once per post."""
    from devzone.personnel.choices import CompetitionStatus, EntryStatus
    from devzone.personnel.identity import age_on
    from devzone.personnel.models import AnnualReview, CompetitionPost, PromotionRule
    from devzone.personnel.models.staffing import GRADES_BARRING_COMPETITION
    from devzone.personnel.services.competition import admitted_rank, below, competition_rule

    grade = AnnualReview.objects.filter(staff=staff, year=on.year - 1).values_list("grade", flat=True).first()
    if grade in GRADES_BARRING_COMPETITION:
        return []
    posts = (
        CompetitionPost.objects.for_user(user)
        .filter(competition__zone_id=staff.zone_id, competition__status=CompetitionStatus.OPEN)
        .filter(competition__min_years__lte=age_on(staff.rank_held_since, on))
        .exclude(
            competition__in=own_entries(user).exclude(status=EntryStatus.WITHDRAWN).values("competition")
        )
        .select_related("competition", "post")
        .order_by("-competition__created_at", "competition_id", "post__name", "pk")
    )
    rules = list(PromotionRule.objects.order_by("-effective_from"))  # 逐级晋升, in one query
    return [
        p
        for p in posts
        if not below(staff.rank, admitted_rank(p.competition, p, competition_rule(p.competition, rules)))
    ]


# --- 班子: the leadership teams before and after a reform date ---------------------------------------------------
@dataclass(frozen=True)
class TeamSnapshot:
    members: int
    average_age: Decimal | None
    fulltime_bachelor: int


def _in_office(queryset, on):
    return queryset.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


def team_snapshot(queryset, on) -> TeamSnapshot:
    """The teams in office on ``on``: how many, their average age on that day (one decimal), and how many hold a
    full-time bachelor's degree or above."""
    from devzone.core.choices import Education
    from devzone.personnel.identity import age_on

    members = list(_in_office(queryset, on).values_list("birth_date", "fulltime_education"))
    ages = [age_on(born, on) for born, _edu in members]
    degree = {Education.BACHELOR, Education.MASTER, Education.DOCTORATE}
    average = (Decimal(sum(ages)) / len(ages)).quantize(Decimal("0.1"), ROUND_HALF_UP) if ages else None
    return TeamSnapshot(len(members), average, sum(1 for _born, edu in members if edu in degree))


def team_comparison(queryset, *, reform_on, after_on) -> dict:
    """Before (the day before ``reform_on``) and after (``after_on``): the exchange ratio is the share of the
    members in office after who came by exchange at or after the reform date."""
    import datetime as dt

    before = team_snapshot(queryset, reform_on - dt.timedelta(days=1))
    after = team_snapshot(queryset, after_on)
    exchanged = (
        _in_office(queryset, after_on).filter(joined_on__gte=reform_on).exclude(exchanged_from="").count()
    )
    age_change = (
        after.average_age - before.average_age
        if None not in (after.average_age, before.average_age)
        else None
    )
    ratio = (
        (Decimal(after.fulltime_bachelor) / before.fulltime_bachelor).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if before.fulltime_bachelor
        else None
    )
    return {
        "before": before,
        "after": after,
        "exchanged": exchanged,
        "exchange_share": share(exchanged, after.members),
        "age_change": age_change,
        "degree_ratio": ratio,
    }


def reform_day(queryset):
    """The day most exchanged members took office: the reform's appointment day, the default of the teams page."""
    row = (
        queryset.exclude(exchanged_from="")
        .values("joined_on")
        .annotate(n=Count("pk"))
        .order_by("-n", "joined_on")
        .first()
    )
    return row["joined_on"] if row else None


def competition_figures(comp) -> dict:
    """Appointed, promoted from a lower rank, and the average age and degree share of the competed posts'
    holders before against the appointees."""
    from devzone.core.choices import Education
    from devzone.personnel.choices import EntryStatus
    from devzone.personnel.services.competition import below

    degree = {Education.BACHELOR, Education.MASTER, Education.DOCTORATE}
    appointed = list(
        comp.entries.filter(status=EntryStatus.APPOINTED).select_related("staff", "target__post")
    )

    def mean(values):
        values = list(values)
        return (
            (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP) if values else None
        )

    return {
        "appointed": len(appointed),
        "promoted": sum(1 for e in appointed if below(e.previous_rank, e.target.post.rank)),
        "age_before": mean(age for age, _edu in comp.holders_before),
        "age_after": mean(e.age for e in appointed),
        "degree_before": share(
            sum(1 for _age, edu in comp.holders_before if edu in degree), len(comp.holders_before)
        ),
        "degree_after": share(sum(1 for e in appointed if e.staff.education in degree), len(appointed)),
    }


@dataclass(frozen=True)
class QuotaRow:
    zone: object
    quota: int
    percent: Decimal
    reserved: int
    open_recruitment: int
    headhunting: int

    @property
    def filled(self) -> int:
        return self.open_recruitment + self.headhunting

    @property
    def vacant(self) -> int:
        return max(self.reserved - self.filled, 0)


def quota_report(zones, year: int) -> list[QuotaRow]:
    """Per zone: the staffing quota (its departments' 员额), the share reserved for open recruitment and
    headhunting (15 % unless the zone set another for the year), and the hires of active staff by channel."""
    from devzone.core.models import Department
    from devzone.personnel.models import Hire, QuotaReserve

    quota = dict(
        Department.objects.filter(zone__in=zones, abolished_on__isnull=True)
        .values_list("zone")
        .annotate(n=Sum("headcount_quota"))
    )
    percent = dict(
        QuotaReserve.objects.filter(zone__in=zones, year=year).values_list("zone", "reserved_percent")
    )
    hires: dict[tuple, int] = {}
    for zone_id, channel, n in (
        Hire.objects.filter(zone__in=zones, staff__is_active=True)
        .values_list("zone", "channel")
        .annotate(n=Count("pk"))
    ):
        hires[(zone_id, channel)] = n
    rows = []
    for zone in zones:
        q, pct = quota.get(zone.pk) or 0, percent.get(zone.pk, Decimal(15))
        reserved = int((Decimal(q) * pct / 100).quantize(Decimal(1), ROUND_HALF_UP))
        rows.append(
            QuotaRow(
                zone,
                q,
                pct,
                reserved,
                hires.get((zone.pk, "open"), 0),
                hires.get((zone.pk, "headhunting"), 0),
            )
        )
    return rows


def special_pay_for_quarter(*, zone_id: int, year: int, quarter: int, staff_ids) -> dict:
    """特岗特薪 for the performance pay sheet (registered in ``personnel.hooks``): each approved agreement of these
    people whose term meets the quarter (an ended one up to its end date), as ``{staff_id: [PayExtra]}`` with the
    quarter's share (``personnel.specialpay``) and the decision's reference."""
    from django.db.models import Q
    from django.utils.translation import gettext as _

    from devzone.core.registry import PayExtra
    from devzone.personnel.choices import SpecialPayStatus
    from devzone.personnel.models import SpecialPay
    from devzone.personnel.specialpay import quarter_bounds, quarter_share_fen

    first, last = quarter_bounds(year, quarter)
    rows = (
        SpecialPay.objects.filter(zone_id=zone_id, staff_id__in=list(staff_ids), term_from__lte=last)
        .filter(term_until__gte=first)
        .filter(
            Q(status=SpecialPayStatus.APPROVED)
            | Q(status=SpecialPayStatus.ENDED, approved_by__isnull=False, ended_on__gte=first)
        )
        .order_by("staff_id", "term_from", "pk")
    )
    out: dict[int, list] = {}
    for p in rows:
        until = min(p.term_until, p.ended_on) if p.ended_on else p.term_until
        fen = quarter_share_fen(p.annual_pay_fen, p.term_from, until, year, quarter)
        if fen:
            out.setdefault(p.staff_id, []).append(
                PayExtra(key="special_pay", label=_("特岗特薪"), fen=fen, reference=p.decision_ref)
            )
    return out


@dataclass(frozen=True)
class CorrectedFact:
    """One qualifying fact the candidate corrected after the registration was screened: as reviewed, and now."""

    label: str
    reviewed: str
    now: str


def corrected_facts(reg: Registration) -> list[CorrectedFact]:
    """资料更正待复核: the qualifying facts that differ between what the registration was screened on
    (``reviewed_profile``) and the candidate's profile now, each as the registration's page prints it; empty when
    nothing waits for re-review."""
    import datetime as dt

    from devzone.core.templatetags.devzone import show
    from devzone.personnel.models import Candidate
    from devzone.personnel.services.candidates import QUALIFYING_FIELDS

    kept = reg.reviewed_profile
    if kept is None:
        return []
    now = reg.candidate
    then = Candidate(**{k: kept.get(k) for k in QUALIFYING_FIELDS})
    if isinstance(then.graduated_on, str):
        then.graduated_on = dt.date.fromisoformat(then.graduated_on)

    def text(row, name) -> str:
        display = getattr(row, f"get_{name}_display", None)
        value = display() if display else getattr(row, name)
        return str(show(value)) if isinstance(value, dt.date) else str(value if value is not None else "—")

    return [
        CorrectedFact(str(Candidate._meta.get_field(name).verbose_name), text(then, name), text(now, name))
        for name in QUALIFYING_FIELDS
        if text(then, name) != text(now, name)
    ]


def prechecked(regs) -> set[int]:
    """The ids of ``regs`` (registrations already read in the reader's reach) whose automatic pre-check ran: an
    empty ``precheck`` list reads 符合岗位要求 only then. ``registrations.registration_submit`` makes the check and
    writes the registration's first event (from no status) in one transaction, so a registration without that
    event — one loaded in bulk, around the services — was never checked (未预审). One query, whatever the count."""
    ids = [r.pk for r in regs]
    if not ids:
        return set()
    return set(
        RegistrationEvent.objects.filter(registration_id__in=ids, from_status="")
        .values_list("registration_id", flat=True)
        .distinct()
    )
