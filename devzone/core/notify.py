"""The one way to tell a user something in the app (站内消息): ``notify`` for one message to a few people,
``Outbox`` for a job that sends thousands in batches. Both de-duplicate by ``key``: a job that runs again, or
a retry after a crash, never sends the same notice twice to the same person.

    notify(zone_users(zone_id, roles=[Role.ZONE_LEADER]), zone_id=zone_id, kind="projects.escalate",
           title=_("问题已升级：%(t)s") % {"t": problem.title}, url=problem.get_absolute_url(),
           key=f"problem-escalate-{problem.pk}")
"""

from __future__ import annotations

from collections.abc import Iterable

from devzone.core.choices import Role
from devzone.core.models import Notification, Profile

# What each kind of notice is called on the messages page, grouped: modules name theirs (``kind_label``).
KIND_LABELS: dict[str, str] = {}


def kind_label(kind: str, label) -> None:
    """Name a kind of notice for the grouped messages page (a module calls this in its ``access.py``)."""
    KIND_LABELS[kind] = label


def label_of(kind: str) -> str:
    from django.utils.translation import gettext as _

    return str(KIND_LABELS.get(kind) or _("其他消息"))


def _user_id(user) -> int | None:
    if user is None:
        return None
    return user if isinstance(user, int) else user.pk


class Outbox:
    """Notifications collected and written in batches: the keys already sent are read once per batch and
    only the new ones inserted. ``created`` counts what was written, per kind."""

    def __init__(self, batch: int = 1000):
        self.pending: dict[tuple[int, str], Notification] = {}
        self.batch = batch
        self.created: dict[str, int] = {}

    def add(
        self,
        users: Iterable,
        *,
        kind: str,
        title: str,
        url: str = "",
        zone_id=None,
        key: str = "",
        body: str = "",
    ) -> None:
        for user_id in {u for u in map(_user_id, users) if u}:
            # Without a key every call is a new message; the tuple still has to be unique within the batch.
            slot = key or f"-{len(self.pending)}"
            self.pending[(user_id, slot)] = Notification(
                user_id=user_id,
                zone_id=zone_id,
                kind=kind,
                title=str(title)[:200],
                body=body,
                url=url[:300],
                dedupe_key=key[:120],
            )
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> int:
        if not self.pending:
            return 0
        keyed = {(u, k) for u, k in self.pending if not k.startswith("-")}
        sent = set()
        if keyed:
            sent = set(
                Notification.objects.filter(
                    user_id__in={u for u, _k in keyed}, dedupe_key__in={k for _u, k in keyed}
                ).values_list("user_id", "dedupe_key")
            )
        new = [n for slot, n in self.pending.items() if slot not in sent]
        Notification.objects.bulk_create(new, ignore_conflicts=True)
        for n in new:
            self.created[n.kind] = self.created.get(n.kind, 0) + 1
        self.pending.clear()
        return len(new)

    @property
    def total(self) -> int:
        return sum(self.created.values())


def notify(
    users: Iterable, *, kind: str, title: str, url: str = "", zone_id=None, key: str = "", body: str = ""
) -> int:
    """One message to each of ``users`` (users or user ids; None is skipped); with ``key``, never twice for
    the same user and key. Returns how many were written."""
    box = Outbox()
    box.add(users, kind=kind, title=title, url=url, zone_id=zone_id, key=key, body=body)
    return box.flush()


def zone_users(zone_id: int, *, roles: Iterable[str] = (), department_id: int | None = None) -> list[int]:
    """Ids of the active users of a zone with one of ``roles`` (and, when given, a staff record in the
    department)."""
    qs = Profile.objects.filter(zone_id=zone_id, user__is_active=True)
    if roles:
        qs = qs.filter(role__in=list(roles))
    if department_id is not None:
        qs = qs.filter(staff__department_id=department_id)
    return list(qs.values_list("user_id", flat=True))


def enterprise_users(enterprise_id: int) -> list[int]:
    """Ids of the active users of an enterprise."""
    return list(
        Profile.objects.filter(
            enterprise_id=enterprise_id, role=Role.ENTERPRISE_USER, user__is_active=True
        ).values_list("user_id", flat=True)
    )
