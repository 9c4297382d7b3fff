"""What approvals adds to the modules it depends on (found by ``core.registry``): the weekly dispatch's
section of files near their deadline (projects). And what the modules that depend on approvals tell it, so
that approvals never imports them: whether an enterprise may rate a concluded file now (好差评, services).
"""

from collections.abc import Callable

from django.dispatch import receiver

from devzone.approvals.dispatch import TITLE, WORDS, approvals_near_deadline
from devzone.core import registry
from devzone.core.models import Clock
from devzone.core.services.clocks import deadline_moved
from devzone.projects.dispatch import register_section

register_section("approvals", TITLE, approvals_near_deadline, order=50, words=WORDS)


@receiver(deadline_moved, sender=Clock, dispatch_uid="approvals.tolerated_follow_deadline")
def _tolerated_follow_deadline(sender, clock, **kwargs) -> None:
    """A calendar change moved a promised deadline: the file's 容缺 materials follow it."""
    from devzone.approvals.models import Application
    from devzone.approvals.services.common import follow_deadline

    app = Application.objects.filter(clock_id=clock.pk).first()
    if app is not None:
        app.clock = clock
        follow_deadline(app)


def _open_applications(user) -> list:
    """The files a leaver still has as reviewer (their person page lists them for reassignment)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from devzone.approvals.choices import OPEN_STATUSES
    from devzone.approvals.models import Application

    n = Application.objects.filter(reviewer=user, status__in=OPEN_STATUSES).count()
    return [(_("审查中的办件"), n, reverse("approvals:queue"))]


registry.open_work("approvals", _open_applications)


# The module's figures of the city's reform bulletin (改革简报), read by the city views (oversight).
from devzone.approvals.bulletin import figures as _bulletin_figures  # noqa: E402

registry.bulletin("approvals", _bulletin_figures)


def _registrar(into: list, signature: str) -> Callable[[Callable], Callable]:
    """The decorator that registers a function ``signature`` into ``into`` (from a module's ``hooks.py``), once:
    registering twice (AppConfig.ready run again) asks it once."""

    def register(fn: Callable) -> Callable:
        if fn not in into:
            into.append(fn)
        return fn

    register.__doc__ = f"Register ``{signature}`` (from a module's ``hooks.py``)."
    return register


# 好差评 (services) says whether ``user`` may rate the file ``application`` now, by its own rule (the enterprise's
# own concluded file, not rated yet, within the rating period): ``fn(*, user, application) -> bool``. The
# file's page offers "去评价" only then, never a link to a form the rating service would refuse.
RATING_OFFERS: list[Callable[..., bool]] = []
offers_rating = _registrar(RATING_OFFERS, "fn(*, user, application) -> bool")


def may_rate(*, user, application) -> bool:
    """True when a module that takes ratings would take ``user``'s rating of ``application`` now; False when none
    would, or no such module is installed (no link to a rating nobody takes)."""
    return any(fn(user=user, application=application) for fn in RATING_OFFERS)


# 好差评 (services) says whether ``user`` may read a file's rating in full — its level, its comment, a link to its
# page — beside the enterprise the file names: ``fn(*, user, rating) -> bool``, the rating module's own rule of who
# may know the enterprise behind a rating (docs/services.md, Confidentiality: never the person rated). The file's
# page shows the rest only 已评价. No module answering, nobody reads it in full.
RATING_READERS: list[Callable[..., bool]] = []
reads_rating = _registrar(RATING_READERS, "fn(*, user, rating) -> bool")


def rating_shown(*, user, rating) -> bool:
    """True when ``user`` may read ``rating`` in full on the file's page: every registered rule agrees (the rule
    keeps a rating from someone, no other module's answer gives it back); False for no rating or no rule."""
    return (
        rating is not None
        and bool(RATING_READERS)
        and all(fn(user=user, rating=rating) for fn in RATING_READERS)
    )


# 好差评 (services) says how a rating's comment reads: the automatic rating's comment is the system's own words,
# stored in Chinese and read in the reader's language (as services' pages and API read it); an enterprise's comment
# reads as typed: ``fn(*, rating) -> str``.
RATING_COMMENTS: list[Callable[..., str]] = []
words_of_rating = _registrar(RATING_COMMENTS, "fn(*, rating) -> str")


def rating_comment(*, rating) -> str:
    """``rating``'s comment in the active language as the rating module writes it; as stored when no module
    answers."""
    for fn in RATING_COMMENTS:
        return fn(rating=rating)
    return rating.comment
