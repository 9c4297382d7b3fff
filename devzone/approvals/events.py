"""What approvals tells the outbox (core.events): each move of an application (``approvals.application.<move>``:
submit, accept, request_supplement, grant, deny …) and each certificate issued or revoked
(``approvals.certificate.issued`` / ``.revoked``). Public facts only: numbers, codes, the item, the holder
enterprise and its credit code, dates and states — never the decision's reasoning or a person."""

from __future__ import annotations

from devzone.core import events


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def application_facts(app) -> dict:
    return {
        "id": app.pk,
        "intake_number": app.intake.number if app.intake_id else None,
        "item_code": app.item.code,
        "item_name": app.item.name,
        "project_code": app.project.project_code,
        "enterprise_credit_code": app.enterprise.credit_code,
        "submitted_on": _iso(app.submitted_on),
        "accepted_on": _iso(app.accepted_on),
        "concluded_on": _iso(app.concluded_on),
    }


def _certificate_facts(cert) -> dict:
    return {
        "id": cert.pk,
        "number": cert.number,
        "title": cert.title,
        "holder": cert.holder,
        "holder_credit_code": cert.holder_credit_code,
        "issued_on": _iso(cert.issued_on),
        "valid_until": _iso(cert.valid_until),
        "status": cert.status,
        "revoked_on": _iso(cert.revoked_on),
        "application_id": cert.application_id,
    }


def certificate_issued(cert) -> None:
    events.emit(
        "approvals.certificate.issued", obj=cert, payload=_certificate_facts(cert), zone_id=cert.zone_id
    )


def certificate_revoked(cert) -> None:
    events.emit(
        "approvals.certificate.revoked", obj=cert, payload=_certificate_facts(cert), zone_id=cert.zone_id
    )
