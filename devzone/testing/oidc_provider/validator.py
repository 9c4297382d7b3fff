from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """``name`` and, for a legal person, ``credit_code`` in the ID token and the userinfo (every claim, whatever
    the scope: the test provider keeps no claim-to-scope map)."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        user = request.user
        claims = {"name": user.first_name or user.username}
        if user.last_name:
            claims["credit_code"] = user.last_name
        return claims
