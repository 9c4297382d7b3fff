"""The audit trail (留痕): snapshots, diffs and the one function that records an event."""

from __future__ import annotations

import contextvars
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

from devzone.core.models import AuditEvent
from devzone.core.prepared import insert

current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("devzone_ip", default=None)
SKIPPED_FIELDS = {"created_at", "updated_at", "version"}
SECRET_FIELDS = {"password"}  # recorded as changed or not, never their value (a password hash)
CHANGED = "（已修改）"


def _jsonable(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model) -> dict:
    """The row's concrete field values, as stored (foreign keys by id)."""
    return {
        f.attname: _secret_mark(getattr(obj, f.attname))
        if f.name in SECRET_FIELDS
        else _jsonable(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS and not f.primary_key
    }


def _secret_mark(value) -> str:
    """A secret field in a snapshot: a short keyed fingerprint, so a diff shows *that* it changed, not what to."""
    import hashlib

    return "#" + hashlib.sha256(str(value).encode()).hexdigest()[:8] if value else ""


def many_snapshot(obj: models.Model) -> dict:
    """The row's many-to-many links (ids, sorted), for the trail of the admin's changes."""
    return {
        f.name: sorted(getattr(obj, f.name).values_list("pk", flat=True))
        for f in obj._meta.many_to_many
        if obj.pk is not None
    }


def diff(before: dict, after: dict) -> dict:
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def actor_label(actor) -> str:
    # No actor: someone not logged in (a failed login). Jobs, imports and the demo act as the system actor,
    # whose name is 系统 (core.actors).
    if actor is None:
        return "未登录用户"
    profile = getattr(actor, "profile", None) if hasattr(actor, "_state") else None
    name = getattr(profile, "display_name", "") if profile else ""
    return name or actor.get_username()


def _zone_id(obj: models.Model | None):
    if obj is None:
        return None
    if obj._meta.label_lower == "core.zone":
        return obj.pk
    return getattr(obj, "zone_id", None)


def event(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    changes: dict | None = None,
    note: str = "",
    model: type[models.Model] | None = None,
    object_id: str = "",
    object_repr: str = "",
    zone_id: int | None = None,
) -> AuditEvent:
    """An unsaved event (for bulk writes); ``record`` saves one. What it keeps in words — the object as it reads
    (``str(obj)``: a survey's name, a rating's level), the note, the actor's label — is written in the site's
    language (``settings.LANGUAGE_CODE``) whoever's request writes it, so the trail reads the same whatever
    language its writers read (as ``core.notify.stored`` writes a note)."""
    model = model or (type(obj) if obj is not None else None)
    with translation.override(settings.LANGUAGE_CODE):
        label, shown, text = actor_label(actor), str(obj) if obj is not None else str(object_repr), str(note)
    return AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=label[:80],
        action=action,
        content_type=ContentType.objects.get_for_model(model) if model is not None else None,
        object_id=str(obj.pk) if obj is not None else object_id,
        object_repr=shown[:200],
        zone_id=zone_id if zone_id is not None else _zone_id(obj),
        changes=changes or {},
        note=text[:300],
        ip=current_ip.get(),
    )


def record(**kwargs) -> AuditEvent:
    return insert(event(**kwargs))  # every write records one: its INSERT is compiled once (core.prepared)


def changed(actor, obj: models.Model, field: str, before, after, *, note: str = "", **kwargs) -> AuditEvent:
    """Record that ``field`` of ``obj`` went from ``before`` to ``after`` (an ``UPDATE`` event whose changes
    are ``{field: [before, after]}``); ``kwargs`` as for ``event`` (``zone_id``)."""
    from devzone.core.choices import AuditAction

    return record(
        actor=actor, action=AuditAction.UPDATE, obj=obj, changes={field: [before, after]}, note=note, **kwargs
    )


def updated(actor, obj: models.Model, before: dict, *, note: str = "", **kwargs) -> AuditEvent:
    """Record an ``UPDATE`` of ``obj`` whose changes are what differs from ``before`` (its ``snapshot``
    taken before the change); ``kwargs`` as for ``event``."""
    from devzone.core.choices import AuditAction

    return record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        changes=diff(before, snapshot(obj)),
        note=note,
        **kwargs,
    )


def record_many(events: list[AuditEvent]) -> None:
    AuditEvent.objects.bulk_create(events, batch_size=500)


def imported(actor, rows, *, note: str) -> None:
    """Record rows created by an import (an ``IMPORT`` event each, its changes every field it was given), in
    bulk: one ledger of 5,000 rows is one statement per 500 events, not 5,000."""
    from devzone.core.choices import AuditAction

    record_many(
        [
            event(actor=actor, action=AuditAction.IMPORT, obj=row, changes=diff({}, snapshot(row)), note=note)
            for row in rows
        ]
    )


def trail_for(obj: models.Model):
    ct = ContentType.objects.get_for_model(type(obj))
    return AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")


def readable(model: type[models.Model], changes: dict) -> list[tuple[str, str, str]]:
    """Changes as a person reads them: the field's label, and choice labels or related rows' names instead of
    stored codes and ids. What a service records besides the model's fields (a plan's targets, a scoring's values)
    is labelled by the model's ``AUDIT_LABELS`` (name → label), its lists of values one per line."""
    rows = []
    extra = getattr(model, "AUDIT_LABELS", {})
    for attname, pair in changes.items():
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if attname in extra:
            rows.append((str(extra[attname]), _show_many(before), _show_many(after)))
            continue
        many = next((f for f in model._meta.many_to_many if f.name == attname), None)
        if many is not None:  # lists of ids -> the related rows' names
            found = many.related_model._default_manager.in_bulk([*(before or []), *(after or [])])
            rows.append(
                tuple(
                    [str(many.verbose_name)]
                    + [
                        "、".join(str(found.get(pk, pk)) for pk in ids) if ids else "—"
                        for ids in (before, after)
                    ]
                )
            )
            continue
        try:
            field = next(f for f in model._meta.concrete_fields if f.attname == attname)
        except StopIteration:
            rows.append((attname, _show(before), _show(after)))
            continue
        label = str(field.verbose_name)
        if field.choices:
            names = {str(k): str(v) for k, v in field.flatchoices}
            before, after = names.get(str(before), before), names.get(str(after), after)
        elif field.is_relation:
            related = field.related_model
            found = related._default_manager.filter(
                pk__in=[v for v in (before, after) if v is not None]
            ).in_bulk()
            before = str(found.get(_as_pk(before), before)) if before is not None else None
            after = str(found.get(_as_pk(after), after)) if after is not None else None
        rows.append((label, _show(before), _show(after)))
    return rows


def _as_pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return translation.gettext("是")
    if value is False:
        return translation.gettext("否")
    return str(value)


def _show_many(value) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(_show(v) for v in value) if value else "—"
    return _show(value)


def saved(actor, row: models.Model, before: dict | None, *, note: str = "", **kwargs) -> AuditEvent:
    """Validate and save ``row`` (``core.errors.clean``: a model's refusal as a DomainError) and record it: a
    ``CREATE`` when there is no ``before``, else an ``UPDATE`` of what changed since that ``snapshot`` — the
    last step of a create-or-change service."""
    from devzone.core.choices import AuditAction
    from devzone.core.errors import clean

    clean(row)
    row.save()
    if before is None:
        return record(actor=actor, action=AuditAction.CREATE, obj=row, note=note, **kwargs)
    return updated(actor, row, before, note=note, **kwargs)
