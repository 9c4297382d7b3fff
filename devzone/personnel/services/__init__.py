"""Writes of the personnel module: each service checks, cleans, saves and audits in one transaction."""

from __future__ import annotations


def zone_in_reach(actor, zone) -> None:
    """``zone`` is one ``actor`` acts in (not merged away); another's is not found (404), as a row out of reach
    is — pages and the API pass the actor's own zone, a caller that does not is refused here."""
    from django.utils.translation import gettext as _

    from devzone.core.errors import NotFoundError
    from devzone.core.models import Zone

    if zone is None or not Zone.objects.for_user(actor).filter(pk=zone.pk, merged_into__isnull=True).exists():
        raise NotFoundError(_("不在您可办理的开发区"))


def site_label(message) -> str:
    """A transition's label (``core.transitions.Move``), which ``Transitions.apply`` writes into the audit row's
    note: rendered in the site's language (``core.notify.stored``) whenever it is read — never in the language of
    the request that happened to import the module first, nor of the actor. ``message`` is a ``gettext_lazy``
    msgid."""
    from django.utils.functional import lazy

    from devzone.core.notify import stored

    return lazy(stored, str)(message)
