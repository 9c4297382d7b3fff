"""机构改革 and 管委会+公司: reads (before/after counts per zone and city-wide, the share of investment and service
staff, zone merges from core's Zone rows, the parties and parks of each zone) and writes (a zone's reform cut, a
body set up, merged or abolished, a party or park with its contract), each write checked, saved and audited in
one transaction. The arithmetic is in ``planning.reform``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.access import can
from devzone.core.choices import Role, ZoneOperator
from devzone.core.codes import CodeError, validate_credit_code
from devzone.core.errors import (
    ConflictError,
    DomainError,
    PermissionDeniedError,
    check_id,
    clean_text,
    require,
    require_role,
)
from devzone.core.files import PDF, check_upload, stored_name
from devzone.core.locking import in_scope, locked
from devzone.core.models import Department, Zone
from devzone.core.schemas import EARLIEST
from devzone.core.templatetags.devzone import show
from devzone.planning import reform
from devzone.planning.choices import FRONT_LINE, BodyEnd, ParkKind, PartyRole, StaffFunction
from devzone.planning.models import InstitutionReform, InternalBody, Park, ZoneParty

# --- reads ---------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class _Counts:
    """Bodies before and after the reform, the change, and the investment-and-service staff (front) share."""

    before: int | None = None
    after: int | None = None
    change: Decimal | None = None
    front_before: tuple[int, int] = (0, 0)
    front_after: tuple[int, int] = (0, 0)

    @property
    def share_before(self) -> Decimal | None:
        return reform.percent(*self.front_before)

    @property
    def share_after(self) -> Decimal | None:
        return reform.percent(*self.front_after)

    @property
    def rise(self) -> Decimal | None:
        return reform.rise(self.front_before, self.front_after)


@dataclass(kw_only=True)
class ZoneCount(_Counts):
    zone: Zone
    reform: InstitutionReform | None

    @property
    def rise(self) -> Decimal | None:
        return super().rise if self.reform else None


@dataclass(kw_only=True)
class CityCount(_Counts):
    zones: list[ZoneCount] = field(default_factory=list)

    @property
    def cuts(self) -> list[dt.date]:
        return sorted({z.reform.reform_on for z in self.zones if z.reform})


def _add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return a[0] + b[0], a[1] + b[1]


def counts(zones) -> CityCount:
    """Before/after counts of internal bodies and the front-line share per zone (``zones``: a queryset of
    active zones in the reader's reach) and summed over the zones that have a reform cut. Three queries."""
    zones = list(zones)
    ids = [z.pk for z in zones]
    cuts = {r.zone_id: r for r in InstitutionReform.objects.filter(zone_id__in=ids)}
    bodies: dict[int, list[reform.Body]] = {}
    for zid, est, end, staff, fn in InternalBody.objects.filter(zone_id__in=ids).values_list(
        "zone_id", "established_on", "ended_on", "staff", "function"
    ):
        bodies.setdefault(zid, []).append(reform.Body(est, end, staff, fn in FRONT_LINE))
    out = CityCount()
    with_cut = 0
    for z in zones:
        row = ZoneCount(zone=z, reform=cuts.get(z.pk))
        out.zones.append(row)
        if row.reform is None:
            continue
        day = row.reform.reform_on
        # nothing exists before the first day a date can hold (a cut stored before 2000–2100 was enforced)
        old = reform.active_on(bodies.get(z.pk, []), day - dt.timedelta(days=1)) if day > dt.date.min else []
        new = reform.active_on(bodies.get(z.pk, []), day)
        row.before, row.after = len(old), len(new)
        row.change = reform.change_percent(row.before, row.after)
        row.front_before, row.front_after = reform.exact_share(old), reform.exact_share(new)
        with_cut += 1
        out.before = (out.before or 0) + row.before
        out.after = (out.after or 0) + row.after
        out.front_before = _add(out.front_before, row.front_before)
        out.front_after = _add(out.front_after, row.front_after)
    if with_cut:
        out.change = reform.change_percent(out.before, out.after)
    return out


def city_counts(user) -> CityCount:
    return counts(Zone.objects.for_user(user).filter(merged_into__isnull=True).order_by("name"))


def bodies(user, zone_id: int | None = None):
    qs = InternalBody.objects.for_user(user).select_related("zone", "merged_into", "department")
    if zone_id is not None:
        qs = qs.filter(zone_id=zone_id)
    return qs.order_by("zone__name", "established_on", "name")


def merges(user):
    """Zones merged into another (core's Zone rows: merged_into, merged_on), grouped by the zone they form."""
    rows = Zone.objects.for_user(user).filter(merged_into__isnull=False).select_related("merged_into")
    grouped: dict[Zone, list[Zone]] = {}
    for z in rows.order_by("merged_into__name", "name"):
        grouped.setdefault(z.merged_into, []).append(z)
    return grouped


def merges_in_city(city) -> dict[Zone, list[Zone]]:
    grouped: dict[Zone, list[Zone]] = {}
    rows = Zone.objects.filter(city=city, merged_into__isnull=False).select_related("merged_into")
    for z in rows.order_by("merged_into__name", "name"):
        grouped.setdefault(z.merged_into, []).append(z)
    return grouped


def parties(user):
    return ZoneParty.objects.for_user(user).select_related("zone").order_by("zone__name", "role", "name")


def parks(user):
    return Park.objects.for_user(user).select_related("zone", "parent").order_by("zone__name", "kind", "name")


def company_run(zones) -> list[Zone]:
    return [z for z in zones if z.operator == ZoneOperator.COMPANY]


#: the parties that make a zone "管委会+公司" or "企业运营": a company beside or instead of the 管委会
COMPANY_ROLES = (PartyRole.PLATFORM, PartyRole.OPERATOR)
ROLE_ORDER = {PartyRole.PLATFORM: 0, PartyRole.OPERATOR: 1, PartyRole.CO_BUILDER: 2}


@dataclass
class Management:
    """A zone's management model as the pages show it: who runs it (core's ``Zone.operator``) and the parties
    registered for it (``ZoneParty``), so that the model's table and the parties' table name the same
    companies. ``note`` is the zone's own text (``Zone.operating_company``), shown only while no party is
    registered; ``gap`` says where the model and the parties disagree."""

    zone: Zone
    parties: list = field(default_factory=list)
    note: str = ""
    gap: str = ""


def management(zones, parties) -> list[Management]:
    """``Management`` of each of ``zones`` from the parties read once (``parties``: the rows in reach)."""
    of: dict[int, list[ZoneParty]] = {}
    for p in sorted(parties, key=lambda p: (ROLE_ORDER.get(p.role, 9), p.name)):
        of.setdefault(p.zone_id, []).append(p)
    out = []
    for z in zones:
        rows = of.get(z.pk, [])
        companies = [p for p in rows if p.role in COMPANY_ROLES]
        gap = ""
        if z.operator == ZoneOperator.COMPANY and not any(p.role == PartyRole.OPERATOR for p in rows):
            gap = _("企业运营的开发区尚未登记运营企业")
        elif z.operator == ZoneOperator.COMMITTEE_AND_COMPANY and not companies:
            gap = _("管委会+公司模式尚未登记平台公司或运营企业")
        elif z.operator == ZoneOperator.COMMITTEE and companies:
            gap = _("已登记公司，管理模式仍为管委会")
        out.append(Management(z, rows, "" if rows else z.operating_company, gap))
    return out


# --- writes --------------------------------------------------------------------------------------

DOC_MAX = 120
# The days of the platform's time (core.schemas.Day).
FIRST_DAY, LAST_DAY = EARLIEST, dt.date(2100, 12, 31)


def _city(actor, doing: str) -> None:
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=doing)


def _date(value, field: str, *, bounded: bool = True) -> dt.date:
    """A date the caller wrote (a date or ISO text). A day of the reform's history — the cut, a body's end —
    is within 2000–2100, as the API's ``Day`` says: the cut's day before is counted, and 0001-01-01 made every
    page that counts answer 500. ``bounded=False`` for a set-up or contract date, which may be older (a body
    of a zone founded in the 1990s; the API's ``Date``)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except (TypeError, ValueError):
            raise DomainError.on(field, _("请填写有效日期（如2019-06-01）")) from None
    require(
        not bounded or FIRST_DAY <= value <= LAST_DAY,
        _("日期应在%(first)d年至%(last)d年之间") % {"first": FIRST_DAY.year, "last": LAST_DAY.year},
        field,
    )
    return value


def _doc(value, field: str) -> str:
    doc = clean_text(value, field, max_length=DOC_MAX)
    require(doc, _("请填写决定文号"), field)
    return doc


def _existing_or_new(actor, model, denied: str, **key):
    """The row with ``key`` (locked) and its audit snapshot, or a new one with no snapshot when the actor may
    create such rows (else ``denied``)."""
    row = model.objects.select_for_update().filter(**key).first()
    if row is not None:
        return row, audit.snapshot(row)
    if not can(actor, "create", model):
        raise PermissionDeniedError(denied)
    return model(**key), None


@transaction.atomic
def reform_set(*, actor, zone_id, reform_on, document: str, note: str = "") -> InstitutionReform:
    """Set the zone's reform cut: bodies existing the day before are "before", those on the day "after"."""
    _city(actor, _("设定机构改革日期"))
    zone = locked(Zone, zone_id, actor=actor, action="view", what=_("开发区"))
    require(zone.merged_into_id is None, _("该开发区已并入%(z)s") % {"z": zone.merged_into}, "zone")
    day = _date(reform_on, "reform_on")
    doc = _doc(document, "document")
    row, before = _existing_or_new(actor, InstitutionReform, _("您无权设定机构改革"), zone=zone)
    row.reform_on, row.document = day, doc
    row.note = clean_text(note, "note", max_length=200)
    audit.saved(actor, row, before, note="机构改革")
    return row


@transaction.atomic
def body_create(
    *,
    actor,
    zone_id,
    name: str,
    established_on,
    established_doc: str,
    function: str = StaffFunction.OTHER,
    staff: int = 0,
    department_id=None,
) -> InternalBody:
    """Set up an internal body (dated, with its 文号); linked to the zone's Department of that name, if any."""
    _city(actor, _("设立内设机构"))
    zone = in_scope(Zone, zone_id, actor=actor, what=_("开发区"))
    require(zone.merged_into_id is None, _("该开发区已并入%(z)s") % {"z": zone.merged_into}, "zone")
    if not can(actor, "create", InternalBody):
        raise PermissionDeniedError(_("您无权设立内设机构"))
    name = clean_text(name, "name", max_length=60)
    require(name, _("请填写机构名称"), "name")
    require(function in StaffFunction.values, _("未知的职能类别"), "function")
    require(isinstance(staff, int) and 0 <= staff <= 10000, _("人员数须为0–10000的整数"), "staff")
    day = _date(established_on, "established_on", bounded=False)
    require(
        not InternalBody.objects.filter(zone=zone, name=name, ended_on__isnull=True).exists(),
        _("本区已有同名的在设机构：%(n)s") % {"n": name},
        "name",
    )
    dept = None
    if department_id not in (None, ""):
        dept = Department.objects.filter(zone=zone, pk=department_id).first()
        require(dept is not None, _("该部门不属于本开发区"), "department")
    body = InternalBody(
        zone=zone,
        name=name,
        function=function,
        staff=staff,
        established_on=day,
        established_doc=_doc(established_doc, "established_doc"),
        department=dept,
    )
    audit.saved(actor, body, None, note="设立内设机构")
    return body


def _ending(actor, body_id, on, document, version, doing) -> tuple[InternalBody, dt.date, str]:
    _city(actor, doing)
    body = locked(InternalBody, body_id, actor=actor, version=version, what=_("内设机构"))
    require(
        body.ended_on is None,
        _("该机构已于%(d)s%(how)s，不能再次变动") % {"d": show(body.ended_on), "how": body.get_end_display()},
    )
    day = _date(on, "ended_on")
    require(
        day > body.established_on,
        _("合并/撤销日期须晚于设立日期（%(d)s）") % {"d": show(body.established_on)},
        "ended_on",
    )
    return body, day, _doc(document, "ended_doc")


def _end(actor, body: InternalBody, day: dt.date, doc: str, how: str, into=None, note="") -> InternalBody:
    before = audit.snapshot(body)
    body.ended_on, body.ended_doc, body.end, body.merged_into = day, doc, how, into
    body.version += 1
    audit.saved(actor, body, before, note=note)
    return body


@transaction.atomic
def body_abolish(*, actor, body_id, on, document: str, version: int | None = None) -> InternalBody:
    body, day, doc = _ending(actor, body_id, on, document, version, _("撤销内设机构"))
    return _end(actor, body, day, doc, BodyEnd.ABOLISHED, note="撤销内设机构")


@transaction.atomic
def body_merge(*, actor, body_id, into_id, on, document: str, version: int | None = None) -> InternalBody:
    """Merge a body into another body of the same zone that exists on the day (not ended, set up by then)."""
    body, day, doc = _ending(actor, body_id, on, document, version, _("合并内设机构"))
    into = InternalBody.objects.select_for_update().filter(pk=into_id, zone_id=body.zone_id).first()
    require(into is not None, _("并入的机构不属于本开发区"), "merged_into")
    require(into.pk != body.pk, _("机构不能并入自身"), "merged_into")
    require(
        into.ended_on is None or into.ended_on > day,
        _("不能并入已%(how)s的机构：%(n)s") % {"how": into.get_end_display(), "n": into.name},
        "merged_into",
    )
    require(
        into.established_on <= day,
        _("并入的机构%(n)s于%(d)s才设立") % {"n": into.name, "d": show(into.established_on)},
        "merged_into",
    )
    return _end(actor, body, day, doc, BodyEnd.MERGED, into=into, note="合并内设机构")


def _contract(row, *, contract_no="", starts_on=None, ends_on=None, responsibilities="", contract_file=None):
    row.contract_no = clean_text(contract_no, "contract_no", max_length=60)
    row.starts_on = _date(starts_on, "starts_on", bounded=False) if starts_on not in (None, "") else None
    row.ends_on = _date(ends_on, "ends_on", bounded=False) if ends_on not in (None, "") else None
    require(
        not (row.starts_on and row.ends_on and row.ends_on <= row.starts_on),
        _("合同截止日期须晚于起始日期"),
        "ends_on",
    )
    row.responsibilities = clean_text(responsibilities, "responsibilities", max_length=4000)
    if contract_file is not None:
        # checked by content like every upload (a PDF that opens, without active content), stored under a
        # random name, and read only through ``contract_download`` in the reader's scope
        checked = check_upload(contract_file.name, contract_file.read(), kinds=(PDF,), field="contract_file")
        row.contract_file.save(stored_name(checked), ContentFile(checked.data), save=False)


def _credit_code(value) -> str:
    """A party's 统一社会信用代码: blank, or checked as core checks an enterprise's (GB 32100: its length,
    characters, registration kind, region and both check characters) and stored normalised."""
    code = clean_text(value, "credit_code", max_length=18)
    if not code:
        return ""
    try:
        return validate_credit_code(code)
    except CodeError as e:
        raise DomainError.on("credit_code", e.reason) from None


def _as_read(actor, row, before, *, version, require_version: bool, what: str):
    """An existing party or park changed at the ``version`` its writer read (a stale one: 409, another
    officer's contract never replaced unseen); ``require_version`` (the API's PUT, the page) refuses a change
    that names none, as ``services.scheme_set`` does (the page opens a row with its version: ``?party=<id>``).
    A new row needs none."""
    if before is None:
        return row
    if version is None and require_version:
        raise ConflictError(
            _("“%(name)s”已登记：请打开该记录修改，以免覆盖他人刚做的修改") % {"name": row.name}
        )
    return locked(
        type(row),
        row,
        actor=actor,
        version=version,
        what=what,
        conflict=_("“%(name)s”刚被他人修改过，请重新读取后再修改") % {"name": row.name},
    )


@transaction.atomic
def party_set(
    *,
    actor,
    zone_id,
    name: str,
    role: str,
    credit_code: str = "",
    version: int | None = None,
    require_version: bool = False,
    **contract,
) -> ZoneParty:
    """Add or change a party of the zone (platform company, operating enterprise, co-building district) with
    its contract and responsibilities. Who runs the zone stays on the zone's own settings (core). A change
    names the ``version`` read (``_as_read``)."""
    _city(actor, _("登记开发区运营主体"))
    zone = in_scope(Zone, zone_id, actor=actor, what=_("开发区"))
    name = clean_text(name, "name", max_length=100)
    require(name, _("请填写名称"), "name")
    require(role in PartyRole.values, _("未知的角色"), "role")
    row, before = _existing_or_new(actor, ZoneParty, _("您无权登记运营主体"), zone=zone, name=name)
    row = _as_read(actor, row, before, version=version, require_version=require_version, what=_("运营主体"))
    row.role = role
    row.credit_code = _credit_code(credit_code)
    _contract(row, **contract)
    row.version += 1
    audit.saved(actor, row, before, note="开发区运营主体")
    return row


def _ancestors(park: Park) -> set[str]:
    """The names of ``park`` and of the parks it sits inside, up its chain (a loop in stored rows ends the walk)."""
    names, seen = set(), set()
    while park is not None and park.pk not in seen:
        seen.add(park.pk)
        names.add(park.name)
        park = park.parent
    return names


@transaction.atomic
def park_set(
    *,
    actor,
    zone_id,
    name: str,
    operator: str,
    kind: str = ParkKind.ZONE_PARK,
    parent_id=None,
    version: int | None = None,
    require_version: bool = False,
    **contract,
) -> Park:
    """Add or change a park run by an enterprise: 区中园 inside the zone, 园中园 inside another park of it. A
    change names the ``version`` read (``_as_read``)."""
    _city(actor, _("登记园区"))
    zone = in_scope(Zone, zone_id, actor=actor, what=_("开发区"))
    name = clean_text(name, "name", max_length=60)
    require(name, _("请填写园区名称"), "name")
    operator = clean_text(operator, "operator", max_length=100)
    require(operator, _("请填写运营企业"), "operator")
    require(kind in ParkKind.values, _("未知的园区类型"), "kind")
    parent = None
    if kind == ParkKind.PARK_PARK:
        require(parent_id not in (None, ""), _("园中园须选择所在园区"), "parent")
        pk = check_id(parent_id)
        parent = Park.objects.filter(zone=zone, pk=pk).first() if pk is not None else None
        require(parent is not None, _("所在园区不属于本开发区"), "parent")
        require(parent.name != name, _("园区不能位于自身之中"), "parent")
        # nor inside a park that sits inside it (甲 in 乙, 乙 in 甲: a chain with no 区中园 at its root)
        require(name not in _ancestors(parent), _("园区不能位于其下属的园中园之中"), "parent")
    row, before = _existing_or_new(actor, Park, _("您无权登记园区"), zone=zone, name=name)
    row = _as_read(actor, row, before, version=version, require_version=require_version, what=_("园区"))
    row.kind, row.parent, row.operator = kind, parent, operator
    _contract(row, **contract)
    row.version += 1
    audit.saved(actor, row, before, note="园区")
    return row
