"""A registration returned for correction (退回修改), on the candidate's own page: the review note, the deadline to
resubmit (Beijing time, written as the desk writes it), the candidate's documents with the upload box — coming
back to this page, and only ever into this site — the link to 更正个人信息 and the 已修改，重新提交 button. After
the deadline the page says so and offers neither the upload nor the resubmission."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from devzone.personnel.models import CandidateDocument
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.tests.test_desk import desk_of
from devzone.personnel.tests.test_recruitment import _close
from devzone.testing.approvals import PDF
from devzone.testing.personnel import make_campaign, make_candidate

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
NOTE = "请上传硕士学位证书扫描件后重新提交"


@pytest.fixture
def returned(city, zone_a, officer_a):
    """A registration returned with a note, in a campaign whose registration closes at 20:29 UTC — 04:29 the next
    day in Beijing, so a deadline printed in UTC would show the wrong day and hour."""
    campaign = make_campaign(city, [zone_a])
    closes = (
        (timezone.now() + dt.timedelta(days=5))
        .astimezone(dt.UTC)
        .replace(hour=20, minute=29, second=0, microsecond=0)
    )
    campaign.registration_closes = closes
    campaign.save(update_fields=["registration_closes"])
    cand = make_candidate(city, 31)
    reg = reg_svc.registration_submit(actor=cand.user, opening_id=campaign.openings.get().pk)
    reg_svc.registration_screen(actor=officer_a, registration=reg.pk, decision="return", note=NOTE)
    reg.refresh_from_db()
    return reg


def _beijing_deadline(closes: dt.datetime) -> str:
    """The deadline as a Chinese reader writes it, in Beijing time (the year only when not this year's)."""
    bj, today = closes.astimezone(BEIJING), timezone.now().astimezone(BEIJING).date()
    day = f"{bj.month}月{bj.day}日" if bj.year == today.year else f"{bj.year}年{bj.month}月{bj.day}日"
    return f"{day} {bj:%H:%M}"


def test_a_returned_registrations_page_shows_the_deadline_the_upload_and_the_resubmission(
    returned, client_for
):
    c = client_for(returned.candidate.user)
    here = reverse("personnel:my_registration", args=[returned.pk])
    html = c.get(here).content.decode()
    assert NOTE in html
    deadline = _beijing_deadline(returned.campaign.registration_closes)
    assert deadline.endswith("04:29")
    assert f"请于{deadline}前修改并重新提交" in html
    # the desk tells the same deadline
    assert f"请于{deadline}前修改并重新提交" in desk_of(c)["personnel.mine"].rows[0].note
    # the upload posts to the module's upload, with the way back to this page
    upload = reverse("personnel:document_upload")
    assert f'action="{upload}"' in html and 'enctype="multipart/form-data"' in html
    assert f'name="next" value="{here}"' in html
    assert f'href="{reverse("personnel:my_profile")}"' in html
    assert 'name="action" value="resubmit"' in html
    # uploading from the page comes back to it, the document listed there
    answer = c.post(
        upload,
        {"kind": "degree", "file": SimpleUploadedFile("硕士学位证书.pdf", PDF), "next": here},
        follow=True,
    )
    assert answer.redirect_chain[-1][0] == here
    assert "材料已上传" in answer.content.decode() and "硕士学位证书.pdf" in answer.content.decode()
    doc = CandidateDocument.objects.get(candidate=returned.candidate)
    # … and so does deleting one there
    answer = c.post(reverse("personnel:document_delete", args=[doc.pk]), {"next": here})
    assert answer.status_code == 302 and answer.url == here
    # the resubmission on the page moves the registration on
    c.post(here, {"action": "resubmit", "version": returned.version})
    returned.refresh_from_db()
    assert returned.status == "submitted"


def test_the_upload_follows_next_only_into_this_site(returned, client_for):
    c = client_for(returned.candidate.user)
    for elsewhere in ("https://evil.example/", "//evil.example/"):
        answer = c.post(
            reverse("personnel:document_upload"),
            {"kind": "degree", "file": SimpleUploadedFile("a.pdf", PDF), "next": elsewhere},
        )
        assert answer.status_code == 302 and answer.url == reverse("personnel:my")


def test_after_the_deadline_the_page_says_so_and_offers_no_upload_or_resubmission(returned, client_for):
    campaign = _close(returned.campaign)
    deadline = _beijing_deadline(campaign.registration_closes)
    html = (
        client_for(returned.candidate.user)
        .get(reverse("personnel:my_registration", args=[returned.pk]))
        .content.decode()
    )
    assert NOTE in html and f"修改期限已过（{deadline}）" in html
    assert 'value="resubmit"' not in html and reverse("personnel:document_upload") not in html
