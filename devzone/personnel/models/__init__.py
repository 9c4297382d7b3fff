"""人事: open recruitment (campaigns, openings, candidates, registrations, double-entered scores)."""

from devzone.personnel.models.budget import Hire, QuotaReserve, SpecialPay  # noqa: F401
from devzone.personnel.models.competition import (  # noqa: F401
    Competition,
    CompetitionEntry,
    CompetitionPost,
    CompetitionPublicityRule,
    PromotionRule,
    TieDecision,
)
from devzone.personnel.models.documents import CandidateDocument  # noqa: F401
from devzone.personnel.models.hiring import HireStep  # noqa: F401
from devzone.personnel.models.recruitment import (  # noqa: F401
    Candidate,
    Opening,
    RecruitmentCampaign,
    Registration,
    RegistrationEvent,
    ScoreEntry,
)
from devzone.personnel.models.staffing import (  # noqa: F401
    AnnualReview,
    AppealWindow,
    DismissalRule,
    EliminationCase,
    EliminationShare,
    TermTarget,
)
from devzone.personnel.models.teams import TeamMember  # noqa: F401
