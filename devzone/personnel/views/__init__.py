"""The personnel office's pages, one module per concept; what two of them share is here."""

from __future__ import annotations

from devzone.core.forms import VersionedForm
from devzone.core.web import post_and_return


def decide(request, service, *, fields: tuple[str, ...], done, back, **row):
    """A decision posted from a list's row (特岗特薪's approval, an annual review's grade): ``service`` takes
    the posted ``fields`` as text (absent: empty), the row under its keyword (``pay=pay``) and the version of the row
    the person saw (a decision on a row changed since is refused as stale); the answer is the message and a redirect
    to ``back``."""
    return post_and_return(
        request,
        VersionedForm(request.POST),
        lambda d: service(
            actor=request.user,
            **row,
            **{f: request.POST.get(f, "") for f in fields},
            version=d["version"],
        ),
        done=done,
        back=back,
    )
