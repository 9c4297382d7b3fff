"""The rows an API body names by id. A row in the path is read with ``core.web.scoped_or_404`` (404 outside
the caller's reach); a row the body names is an input like any other: absent or out of reach, it is refused
with a 400 on its field, in the caller's words, and nothing changes.

    owner = named_row(request, Staff, payload.owner, "owner", "负责人不存在或不在您的范围内", zone_id=zone_id)
"""

from devzone.core.errors import DomainError, check_id


def named_row(request, model, value, field: str, message: str, **where):
    """The row of ``model`` whose id ``value`` the body gives in ``field``, in the caller's reach (and matching
    ``where``); else a 400 with ``message`` on ``field``. No id (None) is no row (None): whether the id may be
    left out is the schema's to say."""
    if value is None:
        return None
    row = model.objects.for_user(request.auth).filter(pk=check_id(value) or 0, **where).first()
    if row is None:
        raise DomainError.on(field, message)
    return row
