"""The personnel router and what its operations share: the rows they load (through ``for_user``: another
zone's is 404, a candidate reaches only their own) and the answers several of them give."""

from django.core.exceptions import PermissionDenied
from ninja import Router

from devzone.core.access import reach_of, require_right
from devzone.core.models import Zone
from devzone.core.web import scoped_or_404
from devzone.personnel import selectors
from devzone.personnel.choices import HireStepKind
from devzone.personnel.models import Opening, RecruitmentCampaign, Registration
from devzone.personnel.schemas import RegistrationOut

router = Router(tags=["personnel"])


def registration_out(r: Registration, viewer=None) -> dict:
    """A registration as the API shows it: to staff (``viewer`` of the zone or city) every score as entered and
    the standing as the opening's pages show it (``tied``: 并列 with another candidate still in the running,
    ``Registration.tied_in_running`` — one who gave up or failed a step ties nobody); to the candidate — and in
    the answer of a move, where no viewer is given — only the results published to them (their 并列 as it was
    when they left). ``extra_rounds``: every agreed 加试 score, the first round's included (``extra_score``)."""
    c = r.candidate
    staff = viewer is not None and viewer.pk != c.user_id
    kept = r.reviewed_profile or {}  # 资料更正待复核: the registration stands on the facts it was reviewed on
    return {
        **{
            k: getattr(r, k)
            for k in RegistrationOut.model_fields
            if hasattr(r, k)
            and k not in ("campaign", "opening", "tied", "correction_pending", "precheck_ran", "precheck")
        },
        **({"tied": r.tied_in_running} if staff else r.published_results()),
        "campaign": r.campaign_id,
        "opening": r.opening_id,
        "candidate_name": c.name,
        "id_masked": c.id_masked,
        "education": kept.get("education", c.education),
        "double_first_class": kept.get("double_first_class", c.double_first_class),
        "correction_pending": r.reviewed_profile is not None,
        # stored as codes, written in the language of the call (``eligibility.reason``)
        "precheck": r.precheck_reasons,
        # annotated on a list (``with_precheck_ran``); one row read on its own asks once
        "precheck_ran": ran
        if (ran := getattr(r, "precheck_ran", None)) is not None
        else r.pk in selectors.prechecked([r]),
        "hire_steps": [
            {
                **{k: getattr(h, k) for k in ("kind", "outcome", "on", "concluded_on", "note")},
                # a running 公示's end by the calendar as it stands (a correction moves it: ``period_end``)
                "publicity_until": h.period_end(r.campaign.publicity_days)
                if h.kind == HireStepKind.PUBLICITY
                else h.publicity_until,
            }
            for h in r.hire_steps.all()
        ],
    }


def opening_out(o: Opening) -> dict:
    return {
        **{k: getattr(o, k) for k in ("id", "code", "title", "headcount", "final_headcount", "status")},
        "campaign": o.campaign_id,
        "zone": o.zone_id,
        "applicants": o.applicants,
        "qualified": o.qualified,
    }


def campaign_of(request, pk: int) -> RecruitmentCampaign:
    return scoped_or_404(RecruitmentCampaign.objects, pk, user=request.auth, action="change")


def registration_of(request, pk: int, action: str = "change") -> Registration:
    return scoped_or_404(Registration.objects, pk, user=request.auth, action=action)


def opening_of(request, pk: int) -> Opening:
    return scoped_or_404(Opening.objects, pk, user=request.auth, action="change")


def opening_counted(opening: Opening) -> dict:
    """The opening (already loaded in the caller's scope) with its applicant counts."""
    return opening_out(selectors.opening_with_counts(opening))


def own_zone(request, model, action: str = "create") -> Zone:
    """The caller's own zone, where a zone's leader or 人事专员 writes (403 without the right or without a zone)."""
    require_right(request.auth, action, model)
    zone = Zone.objects.for_user(request.auth).filter(pk=reach_of(request.auth).zone_id).first()
    if zone is None:
        raise PermissionDenied
    return zone
