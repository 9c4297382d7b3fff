"""大招商 API: teams, leads and their moves, activities, contracts, the funnel and the leaderboard. Rows load
through ``for_user`` (a team sees its leads; leaders the zone; city officers the city, read-only); writes go
through the same services as the pages, the moves on a lead through the same ``ActionTable``. The operations
live by concept in ``api_leads``, ``api_work`` and ``api_analytics``, on the one router below."""

from django.utils.translation import gettext as _
from ninja import Router

from devzone.core.api_rows import named_row
from devzone.core.web import scoped_or_404
from devzone.investment.models import InvestmentTeam, Lead
from devzone.investment.views_common import work_zone  # noqa: F401  (request.user is the API caller too)

router = Router(tags=["investment"])


def lead_of(request, pk) -> Lead:
    """A lead in the caller's reach (not merged away), else 404."""
    return scoped_or_404(
        Lead.objects.for_user(request.auth).unmerged().select_related("team", "owner", "industry"),
        pk,
        user=request.auth,
    )


def zone_and_team(request, team_id) -> tuple[int, InvestmentTeam]:
    """The caller's work zone and the team a body names in it, else a 400 on ``team``."""
    zone_id = work_zone(request)
    team = named_row(
        request, InvestmentTeam, team_id, "team", _("小分队不存在或不在您的范围内"), zone_id=zone_id
    )
    return zone_id, team


from devzone.investment import api_analytics, api_leads, api_work  # noqa: E402, F401  (they add the operations)
