"""Seal the authenticators' TOTP seeds stored in clear (django-otp's otp_totp_totpdevice.key) under core's data key
for them (core.sealed.OTP_SEEDS, a key file in DEVZONE_DATA_KEY_DIR); every device saved from now on is sealed as
it is saved (core.otp.seal_totp_seeds). Reversible: going back writes the seeds in clear again."""

from django.db import migrations


def seal(apps, schema_editor):
    from devzone.core import sealed

    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.only("pk", "key").iterator():
        if device.key and not sealed.is_sealed_seed(device.key):
            TOTPDevice.objects.filter(pk=device.pk).update(key=sealed.seal_seed(device.key))


def unseal(apps, schema_editor):
    from devzone.core import sealed

    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.only("pk", "key").iterator():
        if sealed.is_sealed_seed(device.key):
            TOTPDevice.objects.filter(pk=device.pk).update(key=sealed.unseal_seed(device.key))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0023_staff_rank_since"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(seal, unseal, elidable=False)]
