"""What 大服务 tells the outbox (core.events): each move of an enterprise's request (``services.request.<move>``),
each 差评 rectification's moves (``services.followup.<move>``; ``rate`` and ``terminate`` close it), and each
rating given (``services.rating.given``). A rating is sent with the data items of the national 好差评 system's
evaluation record (GB/T 39735《政务服务评价工作指南》, as we read its data items; the names are ours): who rated
(the enterprise as a legal person, by its credit code), what (the service item, the case, the department), when,
the level on the five-level scale and its name, whether it was given automatically, and the comment of a 差评
(the reason the enterprise wrote for the rectification, with any phone number, identity number or e-mail address in
it masked, ``core.personal.mask_contacts``). No contact of a person leaves; a name the enterprise wrote into its
reason is its own words, as the national system receives them."""

from __future__ import annotations

from devzone.core import events
from devzone.core.personal import mask_contacts


def request_facts(req) -> dict:
    return {
        "id": req.pk,
        "number": req.number,
        "category": req.category,
        "enterprise_credit_code": req.enterprise.credit_code,
        "department": req.department.name if req.department_id else None,
        "submitted_on": req.submitted_on.isoformat() if req.submitted_on else None,
    }


def followup_facts(follow) -> dict:
    return {"id": follow.pk, "rating_id": follow.rating_id}


def rating_record(rating) -> dict:
    """One evaluation record, after GB/T 39735's data items."""
    return {
        "evaluation_id": rating.pk,
        "service_kind": rating.kind,
        "service_item": rating.item,
        "case_id": rating.application_id or rating.request_id or rating.project_id,
        "department": rating.department.name if rating.department_id else None,
        "evaluator_type": "legal_person",
        "evaluator_credit_code": rating.enterprise.credit_code,
        "level": rating.level,
        "level_name": str(rating.get_level_display()),
        "is_bad": rating.is_bad,
        "automatic": rating.automatic,
        # the enterprise's own words, which may name whom to call: its numbers and addresses do not leave
        "comment": mask_contacts(rating.comment) if rating.is_bad else "",
        "served_on": rating.served_on.isoformat() if rating.served_on else None,
        "rated_on": rating.rated_on.isoformat(),
    }


def rating_given(rating) -> None:
    events.emit("services.rating.given", obj=rating, payload=rating_record(rating))


def ratings_given(ratings: list) -> None:
    """The automatic job's ratings, written in bulk (one insert for the batch's events)."""
    from devzone.core.models import Department, DomainEvent, Enterprise

    departments = Department.objects.in_bulk({r.department_id for r in ratings if r.department_id})
    enterprises = Enterprise.objects.in_bulk({r.enterprise_id for r in ratings})
    for r in ratings:  # two queries for the batch, not two per rating
        r.enterprise = enterprises[r.enterprise_id]
        if r.department_id:
            r.department = departments[r.department_id]
    DomainEvent.objects.bulk_create(
        [
            DomainEvent(
                kind="services.rating.given",
                zone_id=r.zone_id,
                object_type=events.object_type(r),
                object_id=str(r.pk),
                payload=rating_record(r),
            )
            for r in ratings
        ],
        batch_size=500,
    )
