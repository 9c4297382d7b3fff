"""Sealed inboxes: how a secret stored by the transaction that spends its one-time token (a survey link, a ballot
code) stops sharing anything with that token.

Spending the token and storing the sealed box must be one transaction — the only way never to accept a box and
lose it, nor count it twice, whatever process dies when. But on PostgreSQL every row carries the id of the
transaction that wrote it (``xmin``) and rows lie on the heap in the order they were written, so the box and the
spent token would stay paired for as long as the box lies there. So that transaction puts the box in the
owner's *inbox* (``pending``, sealed under the owner's ``inbox_key``); once the inbox holds a batch,
``Inbox.release`` — a transaction of its own, all or nothing — opens every box waiting, seals it again under the
owner's ``box_key`` (a fresh ciphertext), writes the batch in random order with new random ids, deletes the inbox
rows, and replaces the inbox's key, the old one destroyed once the release commits (a deleted row left on a page
until PostgreSQL vacuums can no longer be opened). A released box then shares its ``xmin`` with its batch and
with no token, and the heap holds the batch shuffled. A release that fails changes nothing; the next one, or the
closing (``Inbox.boxes`` opens the inbox and the box alike), takes the boxes left.

The owner model (``Survey``, ``Round``) has ``box_key`` and ``inbox_key`` (nullable UUIDs naming occasion keys,
``core.sealbox``); the rows model (``SealedAnswer``, ``SealedBallot``) has a random UUID primary key, a foreign key
to the owner, ``box`` and ``pending``. Keys are written with ``update()``: no signal, no version bump.

    INBOX = Inbox(owner=Survey, rows=SealedAnswer, owner_field="survey", is_open={"status": "open"}, batch=...)
    box = answer_box.seal(INBOX.key(survey), ...)   # in the transaction that spends the link, survey locked
    INBOX.put(survey, box)                          # pending; the release is asked once this commits
    boxes = INBOX.boxes(survey)                     # closing: every box, under the survey's box_key
    INBOX.destroy_keys_on_commit(survey)
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from devzone.core import sealbox

_sysrand = random.SystemRandom()
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Inbox:
    owner: type[models.Model]
    rows: type[models.Model]
    owner_field: str  # the rows' foreign key to the owner
    # lookups an owner must match to take boxes (a closed owner's inbox is the closing's)
    is_open: dict[str, Any]
    batch: Callable[[models.Model], int]  # the fewest boxes released together, for a locked owner row
    # a failed release is logged under this label; None: not logged (the ballot leaves no log line at all, and
    # a line written just after a cast would say when a ballot came in)
    log_label: str | None = None

    def key(self, owner: models.Model) -> uuid.UUID:
        """The key to seal a new box under, the inbox's (``owner`` locked by the caller); made for an owner
        opened before its inbox existed. ``sealbox.KeyMissing`` when the owner's own key is gone: a box its
        closing could never open is not accepted."""
        if not sealbox.key_exists(owner.box_key):
            raise sealbox.KeyMissing(str(owner.box_key))
        if owner.inbox_key is None:
            owner.inbox_key = uuid.uuid4()
            sealbox.key_create(owner.inbox_key)
            self.owner.objects.filter(pk=owner.pk).update(inbox_key=owner.inbox_key)
        return owner.inbox_key

    def put(self, owner: models.Model, box: bytes) -> None:
        """Store ``box`` (sealed under ``key(owner)``) in the inbox, in the caller's transaction; the release is
        asked once that transaction commits."""
        self.rows.objects.create(**{self.owner_field: owner}, box=box, pending=True)
        owner_id = owner.pk
        transaction.on_commit(lambda: self._release_quietly(owner_id))

    def release(self, owner_id: int, *, at_least: int | None = None) -> int:
        """Move the boxes waiting in an open owner's inbox to its box, in a transaction of its own, once there are
        at least ``at_least`` (``batch(owner)``) of them. All or nothing: a release that fails leaves the inbox
        as it was. Returns how many boxes were released."""
        made: list[uuid.UUID] = []
        try:
            with transaction.atomic():
                # the owner locked as the casts and the closing lock it: nothing is sealed under the old key
                # meanwhile, and the closing never opens a batch half moved
                row = (
                    self.owner.objects.select_for_update(no_key=True)
                    .filter(pk=owner_id, **self.is_open)
                    .first()
                )
                if row is None or row.inbox_key is None:
                    return 0
                waiting = list(
                    self.rows.objects.filter(**{self.owner_field: row}, pending=True).values_list("pk", "box")
                )
                if not waiting or len(waiting) < (self.batch(row) if at_least is None else at_least):
                    return 0
                boxes = [_reseal(row.inbox_key, row.box_key, box) for _pk, box in waiting]
                _sysrand.shuffle(boxes)
                old, new = row.inbox_key, uuid.uuid4()
                sealbox.key_create(new)
                made.append(new)
                self.owner.objects.filter(pk=row.pk).update(inbox_key=new)
                self.rows.objects.filter(pk__in=[pk for pk, _box in waiting]).delete()
                self.rows.objects.bulk_create(
                    [self.rows(**{self.owner_field: row}, box=box) for box in boxes]
                )
                transaction.on_commit(lambda: sealbox.key_destroy(old))
        except BaseException:
            for key in made:  # the new key names nothing once the release is rolled back
                sealbox.key_destroy(key)
            raise
        return len(boxes)

    def _release_quietly(self, owner_id: int) -> None:
        """After a box commits: it is safe in the inbox whatever happens here, so a failed release is left to the
        next box's release or the closing, never shown to the sender as a failure."""
        try:
            self.release(owner_id)
        except Exception:  # noqa: BLE001 — the box is stored; the inbox waits for the next release
            if self.log_label is not None:
                log.exception("%s %s: the inbox was not released", self.log_label, owner_id)

    def boxes(self, owner: models.Model) -> list[bytes]:
        """Closing: every box of the owner, released or still in the inbox, sealed under its ``box_key``.
        ``sealbox.KeyMissing`` when a key is gone."""
        return [
            _reseal(owner.inbox_key, owner.box_key, box) if pending else bytes(box)
            for box, pending in self.rows.objects.filter(**{self.owner_field: owner}).values_list(
                "box", "pending"
            )
        ]

    def destroy_keys_on_commit(self, owner: models.Model) -> None:
        """Closing: both keys destroyed once the caller's transaction commits."""
        box_key, inbox_key = owner.box_key, owner.inbox_key

        def destroy() -> None:
            sealbox.key_destroy(box_key)
            sealbox.key_destroy(inbox_key)

        transaction.on_commit(destroy)


def _reseal(from_key: uuid.UUID | None, to_key: uuid.UUID | None, box: bytes) -> bytes:
    """The same content under another key, with a fresh nonce: nothing of the old ciphertext is in the new one."""
    return sealbox.seal(to_key, sealbox.unseal(from_key, box))
