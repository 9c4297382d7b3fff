"""Personnel's hooks into other modules (found by ``core.registry`` at start-up): the performance pay sheet reads
approved 特岗特薪 through ``registry.pay_extra``, so performance never imports personnel; the login page finds a
candidate's account by the phone number typed (``registry.login_name``)."""

from devzone.core import registry
from devzone.personnel.selectors import special_pay_for_quarter

registry.pay_extra("special_pay", special_pay_for_quarter)


# The module's figures of the city's reform bulletin (改革简报), read by the city views (oversight).
from devzone.personnel.bulletin import figures as _bulletin_figures  # noqa: E402

registry.bulletin("personnel", _bulletin_figures)

# A candidate logs in with their phone number; the account is named by its keyed digest (personnel.vault).
from devzone.personnel.services.candidates import login_name as _login_name  # noqa: E402

registry.login_name(_login_name)
