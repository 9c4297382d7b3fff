"""Phone verification codes are secrets (they prove a phone at registration and at 更换手机号码). The default gateway,
``console``, is the default of every installation that does not set DEVZONE_SMS_BACKEND: outside DEBUG it logs
that a code went to the masked number, never the code (central log collection and log backups would hold every
code: the "logs leak too" trap), and ``devzone check --deploy`` warns while the gateway is ``console`` or
``file`` with DEBUG off."""

import logging
import re

import pytest
from django.core import checks

from devzone.personnel import sms

pytestmark = pytest.mark.django_db
PHONE = "13900009999"


def _deploy_warnings() -> list:
    return [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "devzone.W002"]


@pytest.mark.parametrize("backend", ["console", "file"])
def test_the_deploy_check_warns_while_codes_reach_no_phone(settings, backend):
    settings.DEBUG = False
    settings.DEVZONE_SMS_BACKEND = backend
    found = _deploy_warnings()
    assert len(found) == 1 and "SMS" in found[0].msg and "DEVZONE_SMS_BACKEND" in found[0].hint


def test_the_deploy_check_is_quiet_for_a_provider_gateway_or_in_development(settings):
    settings.DEBUG = False
    settings.DEVZONE_SMS_BACKEND = "devzone.example.AliyunGateway"  # not imported by the check
    assert not _deploy_warnings()
    settings.DEBUG, settings.DEVZONE_SMS_BACKEND = True, "console"
    assert not _deploy_warnings()


def _logged(caplog) -> str:
    sms.SEND_PER_PHONE.reset(PHONE)
    with caplog.at_level(logging.DEBUG):
        assert sms.send_code(PHONE, source="203.0.113.9") is None
    return "\n".join(r.getMessage() for r in caplog.records)


def test_no_verification_code_reaches_the_server_log_outside_development(settings, caplog):
    settings.DEBUG = False
    settings.DEVZONE_SMS_BACKEND = "console"
    logged = _logged(caplog)
    assert not re.search(r"(?<!\d)\d{6}(?!\d)", logged), logged
    assert "139****9999" in logged and PHONE not in logged  # that a code was sent, and to whom (masked)


def test_the_console_gateway_shows_the_code_in_development(settings, caplog):
    settings.DEBUG = True
    settings.DEVZONE_SMS_BACKEND = "console"
    logged = _logged(caplog)
    assert re.search(r"验证码 \d{6}", logged) and PHONE not in logged
