import pytest


@pytest.fixture(autouse=True)
def _sms_and_media_in_tmp(settings, tmp_path):
    settings.DEVZONE_SMS_BACKEND = "file"
    settings.DEVZONE_SMS_FILE = tmp_path / "sms.log"
    settings.MEDIA_ROOT = tmp_path / "media"
