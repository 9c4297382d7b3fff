"""The one way to tell a user something in the app (站内消息): ``notify`` for one message to a few people,
``Outbox`` for a job that sends thousands in batches. Both de-duplicate by ``key``: a job that runs again, or
a retry after a crash, never sends the same notice twice to the same person.

    notify(zone_users(zone_id, roles=[Role.ZONE_LEADER]), zone_id=zone_id, kind="projects.escalate",
           title=Text(gettext_lazy("问题已升级：%(t)s"), t=problem.title), url=problem.get_absolute_url(),
           key=f"problem-escalate-{problem.pk}")

Each recipient reads it in their own language (``Text``, below), whoever or whatever sends it, and in the one
they read now when they switch languages later (``written``: the notice keeps what its text was made of).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.utils.functional import Promise, lazy
from django.utils.translation import (
    _lazy_number_unpickle,
    get_language,
    gettext,
    gettext_lazy,
    ngettext,
    npgettext,
    override,
    pgettext,
)

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


def plural_of(message) -> dict | None:
    """A plural message — ``ngettext_lazy(singular, plural, "n")`` or ``npgettext_lazy(context, …, "n")``, its
    number named by a parameter — as what it is written from: ``{"t": singular, "pl": plural, "k": the
    parameter that counts}`` (and its context, ``"c"``); None for any other text."""
    if not isinstance(message, Promise):
        return None
    try:
        unpickle, (func, _resultclass, number, kw) = message.__reduce__()
    except (TypeError, ValueError):
        return None
    if unpickle is not _lazy_number_unpickle or not isinstance(number, str):
        return None
    source = {"t": kw["singular"], "pl": kw["plural"], "k": number}
    if func is npgettext:
        return {**source, "c": kw["context"]}
    return source if func is ngettext else None


def plural_written(source: dict, params: dict) -> str:
    """A plural message's source (``plural_of``) in the active language, in the form its count asks for (the
    parameter it names, of ``params``), not yet formatted."""
    n = params[source["k"]]
    if "c" in source:
        return npgettext(source["c"], source["t"], source["pl"], n)
    return ngettext(source["t"], source["pl"], n)


class Text:
    """A notice's text written in each recipient's own language when it is sent (``Profile.language``, Chinese
    when they chose none): a message marked with ``gettext_lazy`` and its parameters (plain values, lazy texts
    or other ``Text``). A job has no user's language of its own; handed a ``Text`` (or a lazy text),
    ``notify``/``Outbox`` render it once per language among the recipients.

        box.add(users, kind="projects.visit", title=Text(_lazy("走访提醒：%(project)s"), project=name), ...)

    A message with plural forms is an ``ngettext_lazy``/``npgettext_lazy`` whose number is the name of one of
    the parameters: ``Text(ngettext_lazy("%(n)d个工作日", "%(n)d个工作日", "n"), n=3)`` (3 working days)."""

    def __init__(self, message, /, **params):
        self.message, self.params = message, params

    def __str__(self) -> str:  # in the active language
        params = {k: str(v) if isinstance(v, Text | Promise) else v for k, v in self.params.items()}
        plural = plural_of(self.message)
        if plural is not None:  # the form its count asks for (``str`` of such a message is empty)
            return plural_written(plural, params) % params
        text = str(self.message)
        if not self.params:
            return text
        return text % params


def stored(message, /, **params) -> str:
    """A text kept in the database — the note of an event, of an audit row — in the site's language
    (``settings.LANGUAGE_CODE``), whoever's request writes it: a candidate giving up in English moves another
    candidate up, and that candidate's record is not written in the language of the one who caused it. A notice
    is the other way round: each reader gets it in their own (``Text``). ``message`` is a ``gettext_lazy`` msgid,
    ``params`` (lazy labels included) are formatted in the same language."""
    with override(settings.LANGUAGE_CODE):
        return str(Text(message, **params))


def _shown(value) -> str:
    from devzone.core.templatetags.devzone import show

    return str(show(value))


# A date (an aware time: in Beijing time) as each recipient reads it, written when the notice is sent
# (2026年12月7日 / Dec. 7, 2026): ``Text(_lazy("…%(day)s…"), day=reader_day(row.due_on))``.
reader_day = lazy(_shown, str)


# --- a notice's source: what its text is written from, in whatever language its reader reads it -------------------
# ``Notification.source`` keeps, for a title or body sent as a ``Text`` or a lazy text, what it was made of:
#   a plain value (a name, a number)     as it is
#   a lazy text (gettext_lazy)           {"t": msgid} (pgettext_lazy: with its context, "c")
#   a plural message (ngettext_lazy)     {"t": singular, "pl": plural, "k": the parameter that counts} ("c":
#                                        npgettext_lazy's context): only as a ``Text``'s message
#   a ``Text``                           {"m": message's source, "p": {name: parameter's source}}
#   a date (``reader_day``)              {"day": "2026-12-07"} (an aware time: with its offset)
#   a ``Decimal``                        {"dec": "12.50"}
#   anything else (a lazy choice label, a ``Text`` of its own making, a model row)
#                                        {"l": {language: text}}: written in each language of the site when sent
# A source is read back with the catalogs of the day it is read (a translation corrected later reads corrected).
TITLE_ROOM = 200  # Notification.title's length


class _Unwritable(Exception):
    """A text that cannot be written in one of the site's languages (a broken translation): no source is kept,
    its readers read the text as it was sent."""


def _call_of(value: Promise):
    """The function and arguments a lazy value is made of, by its pickling contract (``lazy``'s ``__reduce__``)."""
    try:
        _unpickle, (func, args, kw, *_types) = value.__reduce__()
    except (TypeError, ValueError):
        return None, (), {}
    return func, args, kw


def _in_every_language(value) -> dict:
    written = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                written[code] = str(value)
            except (KeyError, TypeError, ValueError) as e:  # a translation whose placeholders do not match
                raise _Unwritable from e
    return {"l": written}


def _source(value):
    """What ``value`` (a notice's text or one of its parameters) is written from, as JSON (the table above)."""
    if value is None or (isinstance(value, bool | int | str) and not isinstance(value, Promise)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, Decimal) and value.is_finite():
        return {"dec": str(value)}
    if type(value) is Text:  # a subclass writes itself its own way: in every language, below
        message = plural_of(value.message) or _source(value.message)
        return {"m": message, "p": {k: _source(v) for k, v in value.params.items()}}
    if isinstance(value, Promise):
        func, args, kw = _call_of(value)
        if func is gettext and len(args) == 1 and not kw:
            return {"t": args[0]}
        if func is pgettext and len(args) == 2 and not kw:
            return {"t": args[1], "c": args[0]}
        if func is _shown and len(args) == 1 and not kw and isinstance(args[0], dt.date):
            return {"day": args[0].isoformat()}
    return _in_every_language(value)


def _source_of(text):
    """A notice's title or body's source, or None when it cannot be written in every language."""
    try:
        return _source(text)
    except _Unwritable:
        return None


def _worth_keeping(source) -> bool:
    """Whether a source says more than the stored text: not when there is none, or it is empty in every
    language (a body that has nothing to add)."""
    return source is not None and not (
        isinstance(source, dict) and "l" in source and not any(source["l"].values())
    )


def _written(source):
    """The text or parameter a source stands for, in the active language."""
    if not isinstance(source, dict):
        return source
    if "m" in source:
        params = {k: _written(v) for k, v in (source.get("p") or {}).items()}
        m = source["m"]
        message = plural_written(m, params) if isinstance(m, dict) and "pl" in m else str(_written(m))
        return message % params if params else message
    if "t" in source:
        return pgettext(source["c"], source["t"]) if "c" in source else gettext(source["t"])
    if "day" in source:
        day = source["day"]
        return _shown(dt.datetime.fromisoformat(day) if "T" in day else dt.date.fromisoformat(day))
    if "dec" in source:
        return Decimal(source["dec"])
    return source["l"][get_language()]  # a language the site no longer had when it was sent: KeyError


def written(notice: Notification, field: str) -> str:
    """A notice's ``title`` or ``body`` in the active language (the reader's, on a page): written again from its
    source when it was sent as a ``Text`` or a lazy text; as stored when it was a plain string, or when its
    source no longer writes (a translation that lost a placeholder)."""
    stored = getattr(notice, field)
    source = (notice.source or {}).get(field)
    if source is None:
        return stored
    try:
        text = str(_written(source))
    except (KeyError, TypeError, ValueError):
        return stored
    return text[:TITLE_ROOM] if field == "title" else text


def _deferred(text) -> bool:
    """Whether ``text`` is rendered in each recipient's language (a ``Text`` or a lazy text)."""
    return isinstance(text, Text | Promise)


def languages_of(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's language (``Profile.language``), the default (Chinese) for one who chose none."""
    ids = set(user_ids)
    chosen = dict(Profile.objects.filter(user_id__in=ids).values_list("user_id", "language"))
    return {u: chosen.get(u) or settings.LANGUAGE_CODE for u in ids}


def _render(deferred: list[tuple[Notification, tuple]]) -> None:
    """Write the deferred title and body of each notice (``(notice, (title, body))``) in its recipient's
    language, each text rendered once per language, and keep what each was written from (``source``, taken
    once per text) for its reader to read it in another language later."""
    languages = languages_of(n.user_id for n, _texts in deferred)
    done: dict[tuple[int, str], str] = {}
    sources: dict[int, object] = {}
    for n, (title, body) in deferred:
        language = languages[n.user_id]
        kept = {}
        for field, text, limit in (("title", title, TITLE_ROOM), ("body", body, None)):
            if not _deferred(text):
                continue
            if id(text) not in sources:
                sources[id(text)] = _source_of(text)
            source = sources[id(text)]
            slot = (id(text), language)
            if slot not in done:
                every = source.get("l", {}) if isinstance(source, dict) else {}
                if language in every:  # already written in each language for its source: not twice
                    done[slot] = every[language]
                else:
                    with override(language):
                        done[slot] = str(text)
            setattr(n, field, done[slot][:limit])
            if _worth_keeping(source):
                kept[field] = source
        n.source = kept or None


def _user_id(user) -> int | None:
    if user is None:
        return None
    return user if isinstance(user, int) else user.pk


class Outbox:
    """Notifications collected and written in batches: the keys already sent are read once per batch and
    only the new ones inserted. ``created`` counts what was written, per kind."""

    def __init__(self, batch: int = 1000):
        self.pending: dict[tuple[int, str], Notification] = {}
        self.texts: dict[tuple[int, str], tuple] = {}  # deferred (title, body) by the pending notice's slot
        self.batch = batch
        self.created: dict[str, int] = {}

    def add(
        self,
        users: Iterable,
        *,
        kind: str,
        title,
        url: str = "",
        zone_id=None,
        key: str = "",
        body="",
    ) -> None:
        deferred = _deferred(title) or _deferred(body)
        for user_id in {u for u in map(_user_id, users) if u}:
            # Without a key every call is a new message; the tuple still has to be unique within the batch.
            slot = key or f"-{len(self.pending)}"
            notice = Notification(
                user_id=user_id,
                zone_id=zone_id,
                kind=kind,
                title="" if _deferred(title) else str(title)[:TITLE_ROOM],
                body="" if _deferred(body) else body,
                url=url[:300],
                dedupe_key=key[:120],
            )
            self.pending[(user_id, slot)] = notice
            if deferred:  # written in the recipient's language at flush
                self.texts[(user_id, slot)] = (title, body)
            else:  # a notice of the same slot added before is replaced, its texts too
                self.texts.pop((user_id, slot), None)
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
        if self.texts:
            _render(
                [
                    (n, self.texts[slot])
                    for slot, n in self.pending.items()
                    if slot in self.texts and slot not in sent
                ]
            )
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
        self.texts.clear()
        return len(new)

    @property
    def total(self) -> int:
        return sum(self.created.values())


def notify(users: Iterable, *, kind: str, title, url: str = "", zone_id=None, key: str = "", body="") -> int:
    """One message to each of ``users`` (users or user ids; None is skipped); with ``key``, never twice for
    the same user and key. A ``Text`` or lazy title or body is written in each recipient's language. Returns
    how many were written."""
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


def _digest_parts(kinds: list[tuple[str, int]]) -> str:
    """The digest's body in the active language: each kind's name and count (进展报告到期3条、…)."""
    return gettext("、").join(
        gettext("%(kind)s%(n)d条") % {"kind": label_of(kind), "n": n} for kind, n in kinds
    )


def send_digests(now) -> int:
    """每日汇总: for each user with held notices, one message listing them by kind (at most once a local day,
    keyed by the date), and the held notices released as read, covered by it. Returns digests sent. Each digest
    is written in its recipient's language, and read in the one they read it in (``Outbox``)."""
    from django.db import transaction
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

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
    with transaction.atomic():
        for user_id, kinds in per_user.items():
            box.add(
                [user_id],
                kind=DIGEST_KIND,
                title=Text(
                    gettext_lazy("每日消息汇总（%(day)s）：共%(n)d条"),
                    day=day.strftime("%m-%d"),
                    n=sum(n for _k, n in kinds),
                ),
                body=lazy(_digest_parts, str)(kinds),
                url=reverse("core:notifications"),
                key=key,
            )
        sent = box.flush()
        Notification.objects.filter(pk__in=covered).update(held=False, read_at=now)
    return sent
