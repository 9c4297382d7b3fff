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


def stored(message, **params) -> str:
    """A text kept in the database — the note of a registration's event, of an audit row — in the site's language
    (``settings.LANGUAGE_CODE``), whoever's request writes it: a candidate giving up in English moves another
    candidate up (``hiring.move_up``), and that candidate's record, like the audit trail, is not written in the
    language of the one who caused it. ``message`` is a ``gettext_lazy`` msgid; ``params`` (lazy labels
    included) are formatted in the same language. A notice is different: each reader gets it in their own
    (``core.notify.Text``)."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return text % params if params else text
