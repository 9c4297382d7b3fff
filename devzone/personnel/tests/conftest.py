import pytest


@pytest.fixture(autouse=True)
def _sms_to_a_file(settings, tmp_path):
    settings.DEVZONE_SMS_BACKEND = "file"
    settings.DEVZONE_SMS_FILE = tmp_path / "sms.log"
