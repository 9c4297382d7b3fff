"""The authentication backend: Django's ``ModelBackend`` (passwords, ``is_active``), whose ``get_user`` — called
on every logged-in request — brings the role profile with its zone, city and staff row in the same query, so
``core.access.reach_of`` reads them without a second statement."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

#: the dotted path stored in each session (``login(..., backend=ACCOUNT_BACKEND)``)
ACCOUNT_BACKEND = "devzone.core.backends.AccountBackend"


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("profile__zone__city", "profile__staff").get(
                pk=user_id
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
