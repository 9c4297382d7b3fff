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
# Kinds a user may take as one message a day (reminders of due dates); the rest always arrive at once.
DIGEST_KINDS: set[str] = set()
DIGEST_KIND = "core.digest"


def kind_label(kind: str, label, *, digest: bool = False) -> None:
    """Name a kind of notice for the grouped messages page (a module calls this in its ``access.py``); with
    ``digest`` the kind may be held for the daily digest of users who chose it."""
    KIND_LABELS[kind] = label
    if digest:
        DIGEST_KINDS.add(kind)


def unread(user):
    """A user's unread notices, those held for the daily digest left out (the badge and the messages page)."""
    return Notification.objects.filter(user=user, read_at__isnull=True, held=False)


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
        digestible = {n.user_id for n in new if n.kind in DIGEST_KINDS}
        if digestible:
            daily = set(
                Profile.objects.filter(user_id__in=digestible, daily_digest=True).values_list(
                    "user_id", flat=True
                )
            )
            for n in new:
                n.held = n.kind in DIGEST_KINDS and n.user_id in daily
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


def send_digests(now) -> int:
    """每日汇总: for each user with held notices, one message listing them by kind (at most once a local day,
    keyed by the date), and the held notices released as read, covered by it. Returns digests sent."""
    from django.db import transaction
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    day = timezone.localtime(now).date()
    key = f"digest-{day.isoformat()}"
    # who had today's digest already: what came since waits for tomorrow's
    done = Notification.objects.filter(kind=DIGEST_KIND, dedupe_key=key).values("user_id")
    held = Notification.objects.filter(held=True).exclude(user_id__in=done)
    covered = list(held.values_list("pk", flat=True))  # read now: the digest written below joins ``done``
    per_user: dict[int, list[tuple[str, int]]] = {}
    for row in (
        Notification.objects.filter(pk__in=covered)
        .values("user_id", "kind")
        .annotate(n=Count("id"))
        .order_by("user_id", "-n", "kind")
    ):
        per_user.setdefault(row["user_id"], []).append((row["kind"], row["n"]))
    sent = 0
    box = Outbox()
    with override("zh-hans"), transaction.atomic():
        for user_id, kinds in per_user.items():
            total = sum(n for _k, n in kinds)
            parts = "、".join(_("%(kind)s%(n)d条") % {"kind": label_of(kind), "n": n} for kind, n in kinds)
            box.add(
                [user_id],
                kind=DIGEST_KIND,
                title=_("每日消息汇总（%(day)s）：共%(n)d条") % {"day": day.strftime("%m-%d"), "n": total},
                body=parts,
                url=reverse("core:notifications"),
                key=key,
            )
        sent = box.flush()
        Notification.objects.filter(pk__in=covered).update(held=False, read_at=now)
    return sent
