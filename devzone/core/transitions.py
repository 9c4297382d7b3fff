"""Declared state machines: each state model lists its moves once, and one ``apply`` checks the source state,
sets the target, bumps the version, saves, writes the module's domain event and the audit row, in the
caller's transaction.

    MOVES = Transitions(
        field="status",
        moves={
            "accept": Move(sources={Status.SUBMITTED}, target=Status.ACCEPTED, label=_("受理")),
            "note": Move(sources=OPEN, target=None, label=_("记录")),  # target None: the state stays
        },
        event=write_application_event,  # (row, move, before, actor, note, extra) -> None, optional
    )

    with transaction.atomic():
        app = locked(Application, pk, actor=actor, version=version)
        MOVES.apply(app, "accept", actor=actor, note=reason, fields=("accepted_on",))

An illegal move is refused with "当前状态为“…”，不能…" and changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction
from devzone.core.errors import DomainError


@dataclass(frozen=True)
class Move:
    sources: frozenset[str] | set[str] | tuple[str, ...]
    target: str | None
    label: str = ""

    def allows(self, state: str) -> bool:
        return state in self.sources


@dataclass
class Transitions:
    moves: dict[str, Move]
    field: str = "status"
    event: Callable[..., None] | None = None
    audit_note: bool = True
    # the outbox (core.events): with a topic, each move is emitted as "<topic>.<move>" with the row's public
    # facts, ``payload(row) -> dict``; no topic, nothing leaves (confidential machines: rounds, appeals, cases)
    topic: str = ""
    payload: Callable[[models.Model], dict] | None = None

    def allowed(self, row: models.Model) -> list[str]:
        """The moves open from the row's present state, in declaration order (for buttons and the API)."""
        state = getattr(row, self.field)
        return [name for name, move in self.moves.items() if move.allows(state)]

    def check(self, row: models.Model, name: str, *, doing: str = "") -> Move:
        """The move, if the row's state allows it; else a ``DomainError`` naming the state."""
        move = self.moves[name]
        state = getattr(row, self.field)
        if not move.allows(state):
            display = getattr(row, f"get_{self.field}_display", lambda: state)()
            raise DomainError.on(
                "__all__",
                _("当前状态为“%(status)s”，不能%(doing)s")
                % {"status": display, "doing": doing or move.label or name},
            )
        return move

    def apply(
        self,
        row: models.Model,
        name: str,
        *,
        actor,
        note: str = "",
        fields: Iterable[str] = (),
        doing: str = "",
        extra: dict | None = None,
    ) -> models.Model:
        """Check and save the move ``name`` on a row the caller has locked (``core.locking.locked``)."""
        move = self.check(row, name, doing=doing)
        before = getattr(row, self.field)
        if move.target is not None:
            setattr(row, self.field, move.target)
        update = {self.field, *fields}
        if hasattr(row, "version"):
            row.version += 1
            update.add("version")
        if any(f.name == "updated_at" for f in row._meta.concrete_fields):
            update.add("updated_at")
        row.save(update_fields=sorted(update))
        after = getattr(row, self.field)
        if self.event is not None:
            self.event(
                row=row, move=name, before=before, after=after, actor=actor, note=note, **(extra or {})
            )
        if self.topic:
            from devzone.core import events

            facts = self.payload(row) if self.payload is not None else {"id": row.pk}
            events.emit(
                f"{self.topic}.{name}",
                obj=row,
                payload={**facts, "move": name, "before": before, "state": after},
            )
        with translation.override(settings.LANGUAGE_CODE):  # the trail's words: the site's, whoever moves
            label = str(move.label or name)
        audit.record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=row,
            changes={self.field: [before, after]} if before != after else {},
            note=(f"{label} {note}" if self.audit_note and note else label)[:300],
        )
        return row
