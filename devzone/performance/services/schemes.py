"""Scheme versions (考核方案): a leader's revision is a new version; rounds keep the version they opened with."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, clean, require, require_role
from devzone.core.locking import in_scope
from devzone.core.models import Zone
from devzone.performance import schemes as rules
from devzone.performance.models import Scheme

SCHEME_FIELDS = (
    "weights",
    "coefficient_mode",
    "bands",
    "floor_coefficient",
    "proportions",
    "min_improve_size",
    "small_excellent_from",
    "small_excellent_min_size",
    "grade_factors",
    "guaranteed_percent",
    "pool_scope",
    "delegates_per_department",
    "delegate_min_rank",
    "min_ballots",
    "trim_above",
    "trim_count",
    "reject_uniform",
    "improve_streak",
)


def current_scheme(zone: Zone) -> Scheme | None:
    return Scheme.objects.filter(zone=zone).order_by("-version").first()


@transaction.atomic
def scheme_create(*, actor, zone: Zone, note: str = "", **fields) -> Scheme:
    """A new version of the zone's scheme (the defaults, overridden by ``fields``). Earlier versions stay
    as they are: rounds keep the version they opened with."""
    # the leaders only: a scheme sets the guaranteed share, the grade factors, the ballot minimum — everyone's
    # pay; the administrator runs the system and sets nobody's pay (access.py)
    require_role(actor, Role.ZONE_LEADER, doing=_("修订考核方案"))
    in_scope(Zone, zone, actor=actor, what=_("开发区"))
    unknown = set(fields) - set(SCHEME_FIELDS)
    require(not unknown, _("未知的方案参数：%(f)s") % {"f": "、".join(sorted(unknown))})
    Zone.objects.select_for_update().filter(pk=zone.pk).first()
    last = current_scheme(zone)
    scheme = Scheme(zone=zone, version=(last.version + 1) if last else 1, note=note, created_by=actor)
    if last is not None:
        for name in SCHEME_FIELDS:
            setattr(scheme, name, getattr(last, name))
    for name, value in fields.items():
        setattr(scheme, name, value)
    errors = rules.validate_scheme(scheme)
    if errors:
        raise DomainError.of(errors)
    clean(scheme)  # a field's own check (a rank code, a percentage …)
    scheme.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=scheme, note=note or str(scheme))
    return scheme


def ensure_scheme(zone: Zone, *, actor) -> Scheme:
    """The zone's current scheme; the default version 1 when it has none yet (written by ``actor``: the
    tally staff opening the first round, or the system actor for the demo and the benchmark)."""
    scheme = current_scheme(zone)
    if scheme is None:
        scheme = Scheme.objects.create(zone=zone, version=1, note=_("默认方案"), created_by=actor)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=scheme, note=_("默认方案"))
    return scheme
