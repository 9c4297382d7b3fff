"""The API of the city's read-only views (/api/v1/oversight), for the city's officers: the zones side by side for a
year (the 领导驾驶舱's rows) and the reform bulletin's figures, each as the pages compute them."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from devzone.core.errors import PermissionDeniedError
from devzone.core.models import City
from devzone.core.schemas import Year
from devzone.oversight import selectors
from devzone.oversight.access import may_view

router = Router(tags=["oversight"])


class OversightZoneOut(Schema):
    zone: int
    name: str
    contracts: int
    investment_yi: Decimal
    approvals_concluded: int
    approvals_on_time_rate: Decimal | None
    ratings: int
    good_rate: Decimal | None
    assessment_score: Decimal | None
    assessment_rank: int | None
    plan_progress: Decimal | None


class OversightFigureOut(Schema):
    section: str
    key: str
    label: str
    value: str | None  # as a decimal string; null: the rows behind it are missing
    unit: str
    period: str
    rule: str
    url: str
    reported: str


class OversightYearIn(Schema):
    year: Year | None = None


def _city(request, page: str) -> City:
    if not may_view(request.auth, page):
        raise PermissionDeniedError(_("只有市级管理人员可以查看"))
    city = City.objects.for_user(request.auth).first()
    if city is None:
        raise Http404
    return city


@router.get(
    "/zones",
    response=list[OversightZoneOut],
    operation_id="oversight_zone_list",
    summary="Zones side by side",
)
def zone_list(request, filters: Query[OversightYearIn]):
    _city(request, "oversight.citydashboard")
    year = filters.year or timezone.localdate().year
    return [
        {
            "zone": r.zone.pk,
            "name": r.zone.name,
            "contracts": r.contracts,
            "investment_yi": r.investment_yi,
            "approvals_concluded": r.files,
            "approvals_on_time_rate": r.on_time_rate,
            "ratings": r.ratings,
            "good_rate": r.good_rate,
            "assessment_score": r.score,
            "assessment_rank": r.rank,
            "plan_progress": r.plan_progress,
        }
        for r in selectors.city_rows(request.auth, year)
    ]


@router.get(
    "/bulletin",
    response=list[OversightFigureOut],
    operation_id="oversight_bulletin",
    summary="The reform bulletin",
)
def bulletin(request):
    city = _city(request, "oversight.bulletin")
    return [
        {
            "section": section.title,
            "key": f.key,
            "label": str(f.label),
            "value": None if f.value is None else str(f.value),
            "unit": str(f.unit),
            "period": str(f.period),
            "rule": str(f.rule),
            "url": f.url,
            "reported": str(f.reported),
        }
        for section in selectors.bulletin(city)
        for f in section.figures
    ]
