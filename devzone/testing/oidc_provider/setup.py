"""``python -m devzone.testing.oidc_provider.setup '<json>'``: the provider's client (DevZone) and people, made after
``migrate``; prints each person's ``sub`` (their id) as JSON."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.testing.oidc_provider.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

spec = json.loads(sys.argv[1])
Application.objects.create(
    name="DevZone",
    client_id=spec["client_id"],
    client_secret=spec["client_secret"],
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=spec["redirect_uri"],
    post_logout_redirect_uris=spec["post_logout_redirect_uri"],
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
subs = {}
for p in spec["people"]:
    u = User.objects.create_user(
        p["username"],
        password=p["password"],
        first_name=p.get("name", ""),
        last_name=p.get("credit_code", ""),
    )
    subs[p["username"]] = str(u.pk)
print(json.dumps(subs))
