"""Domain events (the outbox): ``emit`` writes one ``DomainEvent`` in the caller's transaction — it is committed
with the change it records, or not at all. A state machine with a ``topic`` (``core.transitions``) emits its moves
by itself ("approvals.application.grant"); a service emits other facts directly:

    events.emit("approvals.certificate.issued", obj=certificate, payload={...})

The payload is what a subscriber may receive: public facts of the domain (numbers, codes, names, dates, states),
never personal data or anything confidential (ballots, grades, candidates). The exchange module delivers the
events to the subscribers an administrator configured (docs/integration.md)."""

from __future__ import annotations

from django.db import models

from devzone.core.models import DomainEvent


def object_type(obj: models.Model) -> str:
    return obj._meta.label_lower


def emit(kind: str, *, obj: models.Model, payload: dict, zone_id: int | None = None) -> DomainEvent:
    zone_id = zone_id if zone_id is not None else getattr(obj, "zone_id", None)
    return DomainEvent.objects.create(
        kind=kind,
        zone_id=zone_id,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        payload=payload,
    )
