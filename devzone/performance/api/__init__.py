"""Performance API: schemes, rounds and their steps, the anonymous ballot, results, grades, appeals, pay and the
year (one module per concept, one router). Rows load through ``for_user``; changes go through the same services
as the pages; the results hide the scores exactly as the pages do (``selectors.totals_visible``)."""

from devzone.performance.api import ballot, grades, pay, rounds, schemes  # noqa: F401  (register operations)
from devzone.performance.api.common import router

__all__ = ["router"]
