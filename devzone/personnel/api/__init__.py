"""The personnel API, one module per concept on one router (``common``): 公开招聘 (``recruitment``: campaigns,
openings, registrations, statistics, scores, shortlist and rank; ``drafting``: the draft campaign's edits), the
candidate's own profile (``candidate``), 竞聘上岗 (``competition``, the staff member's own entries too), and
聘期目标 with the 员额 share (``staffing``). Rows load through ``for_user``: another zone's registration is 404, and a
candidate reaches only their own."""

from devzone.personnel.api import candidate, competition, drafting, recruitment, staffing  # noqa: F401
from devzone.personnel.api.common import router

__all__ = ["router"]
