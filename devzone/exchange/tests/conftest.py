"""The exchange's tests run their receivers on 127.0.0.1 (devzone.testing.receiver), which the SSRF check refuses
by default (exchange.addresses): a test that sends to one asks for ``loopback_allowed`` — as an operator would
allow a receiver's internal network in ``DEVZONE_EXCHANGE_ALLOWED_NETWORKS``. The tests of that check leave it out."""

import pytest


@pytest.fixture
def loopback_allowed(settings):
    settings.DEVZONE_EXCHANGE_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
