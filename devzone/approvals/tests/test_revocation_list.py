"""The public revocation list (``/verify/revocations.json``, no login) names each revoked certificate by its
number, issuer, date and the category of its revocation — never its verification code or link, with which anyone
would read the holder's details on the verify page. Whoever holds the code (it is printed on the certificate)
still reads the revoked verdict there."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from devzone.approvals.certificates import revoke_certificate
from devzone.approvals.models import Certificate
from devzone.approvals.services import applications as svc
from devzone.testing.approvals import ItemFactory, accepted

pytestmark = pytest.mark.django_db
GRANTED, CHECKED = dt.date(2025, 3, 6), dt.date(2025, 4, 1)


@pytest.fixture
def revoked(company_user, clerk, reviewer, project_a, zone_a) -> Certificate:
    """A certificate granted on commitment (告知承诺) and revoked for the breach the check found."""
    item = ItemFactory(zone=zone_a, name="排水许可", result_type="排水许可证", commitment_allowed=True)
    app = accepted(company_user, clerk, reviewer, project_a, item, on=dt.date(2025, 3, 3))
    svc.application_grant(actor=reviewer, application=app, on_commitment=True, on=GRANTED)
    svc.post_check_record(
        actor=reviewer, application=app, conforms=False, finding="未按承诺取得环评批复", on=CHECKED
    )
    return Certificate.objects.get(application=app)


def test_the_list_publishes_no_verification_code_nor_link(client, revoked):
    body = client.get(reverse("verify:revocations"))
    assert body.status_code == 200
    [record] = body.json()["revoked"]
    assert record == {
        "licence_number": revoked.number,
        "issuer_name": revoked.zone.name,
        "revoked_on": "2025-04-01",
        "reason": "commitment_breach",
        "reason_name": "违反告知承诺",
    }
    text = json.dumps(body.json(), ensure_ascii=False)
    for secret in (revoked.verify_code, reverse("verify:code", args=[revoked.verify_code]), revoked.holder):
        assert secret not in text
    assert "未按承诺取得环评批复" not in text  # the written reason stays inside


def test_whoever_holds_the_code_still_reads_the_revoked_verdict(client, revoked):
    page = client.get(reverse("verify:code", args=[revoked.verify_code])).content.decode()
    assert 'data-verdict="revoked"' in page and revoked.number in page and revoked.holder in page


def test_a_revocation_of_another_kind_is_listed_as_other(
    client, company_user, clerk, reviewer, project_a, zone_a
):
    item = ItemFactory(zone=zone_a, name="施工许可", result_type="施工许可证")
    app = accepted(company_user, clerk, reviewer, project_a, item, on=dt.date(2025, 3, 3))
    svc.application_grant(actor=reviewer, application=app, on=GRANTED)
    cert = Certificate.objects.get(application=app)
    revoke_certificate(actor=reviewer, certificate=cert, on=CHECKED, reason="依法撤销")
    [record] = client.get(reverse("verify:revocations")).json()["revoked"]
    assert (record["licence_number"], record["reason"], record["reason_name"]) == (
        cert.number,
        "other",
        "其他",
    )
