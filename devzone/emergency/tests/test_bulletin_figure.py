"""The reform bulletin prints 应急保障's masks figure with thousands grouped (222,405 个), on the page and in its
Word file."""

import io

import pytest
from django.urls import reverse

from devzone.emergency import services
from devzone.emergency.models import Allocation
from devzone.emergency.tests.conftest import run_on, start_masks_campaign, submit

pytestmark = pytest.mark.django_db


def test_the_masks_figure_reads_grouped(client_for, city_officer, enterprise_user, enterprise_a):
    enterprise_a.foreign_invested = True
    enterprise_a.save()
    campaign = start_masks_campaign(city_officer, stock=300000)
    submit(enterprise_user, campaign, quantity=250000)
    run_on(services.allocate(actor=city_officer, supply_id=campaign.supplies.get().pk))
    a = Allocation.objects.get()
    services.deliver(actor=city_officer, allocation_id=a.pk, quantity=222405, delivered_on="2020-02-04")
    c = client_for(city_officer)
    page = c.get(reverse("oversight:bulletin")).content.decode()
    row = page.split('data-testid="figure-emergency.masks_foreign"')[1].split("</tr>")[0]
    assert "222,405 个" in row and "222405" not in row
    from docx import Document

    docx = c.get(reverse("oversight:bulletin_file", args=["docx"]))
    cells = [cell.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for cell in r.cells]
    assert "222,405 个" in cells
