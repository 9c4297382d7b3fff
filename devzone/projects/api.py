"""Key-project API: the portfolio, timetables, investment, agents, visits, problems, weekly dispatches and the
zone's rules. Rows load through ``for_user``; writes go through the same services (and, for the moves on a
row, the same ``projects.actions``) as the pages. An enterprise user sees only its own projects' public
progress (status and milestones), never internal notes or visits.

The operations live in files by concept (``api_keyprojects``, ``api_visits``, ``api_problems``,
``api_dispatch``), all on the one router of ``api_common``."""

from devzone.projects import api_dispatch, api_keyprojects, api_problems, api_visits  # noqa: F401
from devzone.projects.api_common import router

__all__ = ["router"]
