"""core.sso.ProvinceBackend.create_user once trusted the shape of the provider's optional claims: an ``email``
that is JSON null — which OpenID Connect userinfo endpoints do send for a legal person without a
mailbox — raises TypeError, so the provider's callback answers 500 instead of the login page with a reason."""

from __future__ import annotations

import pytest

from devzone.core.sso import ProvinceBackend
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
ISSUER = "https://sso.example.gov.cn/o"


@pytest.mark.parametrize("claim", ["email", "name"])
@pytest.mark.parametrize("value", [None, 12345, ["a", "b"]])
def test_a_null_optional_claim_does_not_break_a_legal_persons_first_login(settings, zone_a, claim, value):
    settings.DEVZONE_OIDC_ISSUER = ISSUER
    enterprise = f.EnterpriseFactory(zone=zone_a, credit_code=f.credit_code_for(99_000_002))
    claims = {"sub": "faren-1", settings.DEVZONE_OIDC_CREDIT_CODE_CLAIM: enterprise.credit_code, claim: value}
    user = ProvinceBackend().create_user(claims)  # was TypeError: 'NoneType' object is not subscriptable
    assert user is not None and user.profile.enterprise == enterprise
