"""企业服务 API: requests and their moves, 好差评 ratings (with follow-ups and appeals), statistics, the
quarterly survey (results; the anonymous answer endpoint needs no login, only the one-use token), the
enterprise file, 一企一策, routing and settings. Rows load through ``for_user``; moves go through the same
services (and, for the moves on a request or a follow-up, the same ``services.actions``) as the pages. No
output names the user who rated; the enterprise appears only where ``may_see_enterprise`` allows.

The operations live in files by concept, all on the one router of ``api.common``."""

from devzone.services.api import plans, ratings, requests, surveys  # noqa: F401
from devzone.services.api.common import router

__all__ = ["router"]
