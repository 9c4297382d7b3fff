"""The authentication backend: Django's ``ModelBackend`` (passwords, ``is_active``), whose ``get_user`` — called
on every logged-in request — brings the role profile with its zone, city and staff row in the same query, so
``core.access.reach_of`` reads them without a second statement."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from devzone.core.prepared import Prepared

#: the dotted path stored in each session (``login(..., backend=ACCOUNT_BACKEND)``)
ACCOUNT_BACKEND = "devzone.core.backends.AccountBackend"

#: the user with its role profile, zone, city and staff row: one statement, compiled once (``core.prepared``)
USER_WITH_PROFILE = Prepared(
    lambda pk: (
        get_user_model()
        ._default_manager.select_related("profile__zone__city", "profile__staff")
        .filter(pk=pk)
    ),
    int,
)


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = USER_WITH_PROFILE.first(user_id)
        except (TypeError, ValueError):  # a session whose user id is not a number
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
