"""Candidates' accounts were named after their phone numbers (``c13912345678``), which put every candidate's number
in clear in the account table, its dumps and backups, and in every log that names a user — while the candidate
row itself keeps the number sealed. Each such account is renamed to the keyed digest of the number
(``personnel.vault.account_name``; the candidate still logs in with the phone number). The key and the name's
form are written out here as they were when this migration was made, so that it renames the same way for ever.
Going back, the number is read from the candidate's sealed phone."""

import re
import uuid

from django.conf import settings
from django.db import migrations

NAMESPACE = uuid.UUID("6f1d2a8e-4c55-4d1b-9a43-2f0c6b7d9e10")
ACCOUNTS_KEY = uuid.uuid5(NAMESPACE, "personnel-accounts")
PHONE_NAME = re.compile(r"^c(1[3-9]\d{9})$")


def _digest_name(phone: str) -> str:
    from devzone.core import sealbox

    sealbox.data.key_create(ACCOUNTS_KEY)
    return "cand_" + sealbox.data.mac(ACCOUNTS_KEY, f"phone:{phone}")[:40]


def rename_to_digest(apps, schema_editor):
    Candidate = apps.get_model("personnel", "Candidate")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for user_id, name in Candidate.objects.values_list("user_id", "user__username").order_by("pk").iterator():
        found = PHONE_NAME.match(name)
        if found:
            User.objects.filter(pk=user_id).update(username=_digest_name(found.group(1)))


def rename_to_phone(apps, schema_editor):
    from devzone.core import sealbox

    Candidate = apps.get_model("personnel", "Candidate")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for row in Candidate.objects.filter(user__username__startswith="cand_").order_by("pk").iterator():
        key = uuid.uuid5(NAMESPACE, f"personnel-city-{row.city_id}")
        try:
            phone = sealbox.data.unseal(key, bytes(row.phone_sealed)).decode()
        except sealbox.KeyMissing:  # the city's numbers were forgotten: the account keeps its digest name
            continue
        User.objects.filter(pk=row.user_id).update(username=f"c{phone}")


class Migration(migrations.Migration):
    dependencies = [
        ("personnel", "0007_elimination_share"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(rename_to_digest, rename_to_phone, elidable=True)]
