"""The city's read-only views: 领导驾驶舱 (every zone side by side, a zone's drill-down, the Excel export) and
改革简报 (the page, Word and PDF). Thin: the selectors read, ``reports`` renders the printable bulletin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import ledger
from devzone.core.models import City, Zone
from devzone.core.web import scoped_or_404
from devzone.core.zones import survivors
from devzone.oversight import reports, selectors
from devzone.oversight.access import may_view

YEARS = (2000, 2100)


def _guard(request, page: str = "oversight.citydashboard") -> None:
    if not may_view(request.user, page):
        raise PermissionDenied


def _year(request) -> int:
    """The year asked for (this year by default); a bad one says so and falls back to this year."""
    this = timezone.localdate().year
    raw = (request.GET.get("year") or "").strip()
    if not raw:
        return this
    if raw.isascii() and raw.isdigit() and YEARS[0] <= int(raw) <= YEARS[1]:
        return int(raw)
    messages.error(
        request, _("年度须为%(a)d–%(b)d之间的四位数字，已显示本年度") % {"a": YEARS[0], "b": YEARS[1]}
    )
    return this


def _city(request) -> City:
    city = City.objects.for_user(request.user).first()
    if city is None:
        raise Http404
    return city


def _chart_labels() -> dict:
    return {
        "contracts": _("签约项目（个）"),
        "investment": _("合同投资额（亿元）"),
        "on_time": _("审批按时办结率（%）"),
        "good": _("好评率（%）"),
    }


@login_required
def dashboard(request):
    _guard(request)
    year = _year(request)
    rows = selectors.city_rows(request.user, year)
    return render(
        request,
        "oversight/dashboard.html",
        {
            "year": year,
            "rows": rows,
            "totals": selectors.totals(rows),
            "chart_data": selectors.chart(rows, _chart_labels()),
        },
    )


@login_required
def zone_detail(request, zone_id):
    """A zone's drill-down. A zone merged into another redirects to the zone it is part of now: the city oversees
    the zones as they are, the old zone's rows of the year are counted in that zone's figures (its tasks and
    assessments listed there under the old zone's name), so its own page would show a zone no longer on the
    dashboard and the same contracts a second time; a link or bookmark to it lands where its figures went."""
    _guard(request)
    zone = scoped_or_404(Zone.objects, zone_id, user=request.user)
    if zone.merged_into_id is not None:
        zones = {z.pk: z for z in Zone.objects.for_user(request.user).filter(city_id=zone.city_id)}
        home = zones.get(survivors(zones.values())[zone.pk])
        if home is None:
            raise Http404
        messages.info(request, _("%(n)s已并入%(m)s") % {"n": zone.name, "m": home.name})
        url = reverse("oversight:zone", args=[home.pk])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    year = _year(request)
    rows = selectors.city_rows(request.user, year, zone_id=zone.pk)
    if not rows:
        raise Http404
    ids = [zone.pk, *(z.pk for z in rows[0].merged)]
    return render(
        request,
        "oversight/zone.html",
        {
            "zone": zone,
            "year": year,
            "row": rows[0],
            "targets": selectors.zone_targets(request.user, ids, year),
            "assessments": selectors.zone_assessments(request.user, ids, year),
        },
    )


@login_required
def dashboard_export(request):
    _guard(request)
    year = _year(request)
    rows = selectors.city_rows(request.user, year)
    header = [
        _("开发区"),
        _("签约项目（个）"),
        _("合同投资额（亿元）"),
        _("审批办结件数"),
        _("按时办结率（%）"),
        _("评价数"),
        _("好评率（%）"),
        _("考核得分"),
        _("考核名次"),
        _("年度任务完成度（%）"),
    ]
    body = [
        [
            r.zone.name,
            r.contracts,
            r.investment_yi,
            r.files,
            r.on_time_rate,
            r.ratings,
            r.good_rate,
            r.score,
            r.rank,
            r.plan_progress,
        ]
        for r in rows
    ]
    return ledger.xlsx_response(
        _("领导驾驶舱%(year)d.xlsx") % {"year": year}, [(_("各开发区"), header, body)]
    )


@login_required
def bulletin(request):
    _guard(request, "oversight.bulletin")
    city = _city(request)
    sections = selectors.bulletin(city)
    return render(
        request,
        "oversight/bulletin.html",
        {
            "city": city,
            "sections": [
                (s, [(f, selectors.value_text(f), selectors.differs(f)) for f in s.figures]) for s in sections
            ],
            "missing": sum(1 for s in sections for f in s.figures if f.value is None),
            "sources": selectors.printed_sources(city, sections),
            "now": timezone.localtime(),
        },
    )


@login_required
def bulletin_file(request, fmt):
    _guard(request, "oversight.bulletin")
    city = _city(request)
    sections = selectors.bulletin(city)
    base = request.build_absolute_uri("/").rstrip("/")
    name = _("%(name)s开发区改革简报") % {"name": city.name}
    if fmt == "docx":
        return ledger.download(
            reports.docx_bytes(city=city, sections=sections, base_url=base),
            f"{name}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    if fmt == "pdf":
        return ledger.download(
            reports.pdf_bytes(city=city, sections=sections, base_url=base), f"{name}.pdf", "application/pdf"
        )
    raise Http404
