"""The router of the module's API and what its files share: a row loaded in the caller's scope (404
otherwise) and the view right its lists check."""

from ninja import Router

from devzone.core.web import scoped_or_404

router = Router(tags=["services"])


def in_reach(request, manager, pk: int, action: str = "view"):
    """One row of ``manager`` in the caller's scope, else 404 (403 when in reach without ``action``)."""
    return scoped_or_404(manager, pk, user=request.auth, action=action)
