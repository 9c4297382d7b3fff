"""The ballot's rate limit, shared by the page and the API: wrong or used codes per client address in ten
minutes (``core.ratelimit``: shared by all workers, the address kept only as a keyed hash). A valid ballot is
not counted, so a whole office voting from one NAT address never reaches it."""

from devzone.core.ratelimit import Limit, count, refused

VOTE_LIMIT = 30  # wrong codes per address …
VOTE_WINDOW = 600  # … in ten minutes
WRONG_CODES = Limit("vote-wrong-code", VOTE_LIMIT, VOTE_WINDOW)


def vote_refused(request) -> bool:
    """True while the request's address is over the limit of wrong codes."""
    return refused(WRONG_CODES, request)


def wrong_code(request) -> None:
    """Count one wrong (unknown, used or closed) code from the request's address."""
    count(WRONG_CODES, request)
