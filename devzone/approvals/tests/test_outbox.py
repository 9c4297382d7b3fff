"""Approvals in the outbox (core.events, approvals.events): each move of an application is a domain event written
in the move's transaction, with public facts only."""

import pytest

from devzone.core.models import DomainEvent
from devzone.testing.approvals import ItemFactory, accepted

pytestmark = pytest.mark.django_db


def test_approval_moves_and_certificates_are_in_the_outbox_in_their_transaction(
    company_user, clerk, reviewer, project_a, zone_a
):
    item = ItemFactory(zone=zone_a)
    app = accepted(company_user, clerk, reviewer, project_a, item)
    kinds = list(
        DomainEvent.objects.filter(object_id=str(app.pk)).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds[0] == "approvals.application.submit" and kinds[-1] == "approvals.application.accept"
    facts = DomainEvent.objects.filter(kind="approvals.application.accept").get().payload
    assert (
        facts["item_code"] == item.code and facts["state"] == "in_review" and facts["before"] == "submitted"
    )
    assert facts["enterprise_credit_code"] == app.enterprise.credit_code
    assert "decision_reason" not in facts and "reviewer" not in facts
