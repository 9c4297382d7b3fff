"""The ballot's rate limit, shared by the page and the API: attempts per client address in a window. It counts in
Django's cache (the process's memory by default; behind several workers, configure a shared cache)."""

from django.core.cache import cache

VOTE_LIMIT = 30  # attempts per address …
VOTE_WINDOW = 600  # … in ten minutes


def vote_attempt_refused(request) -> bool:
    """Count one attempt from the request's address; true once the address is over the limit."""
    key = f"perf-vote:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, VOTE_WINDOW)
    try:
        n = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, VOTE_WINDOW)
        n = 1
    return n > VOTE_LIMIT
