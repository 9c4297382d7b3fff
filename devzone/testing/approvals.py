"""What approvals tests (and the tests of modules built on approvals) share: the catalog factories, a
Monday of an officially scheduled year, a valid one-page PDF and a full set of uploads for an item."""

from __future__ import annotations

import datetime as dt

import factory

from devzone.approvals import models as am
from devzone.approvals.choices import ItemKind, Stage, StepName


class SourceDepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.SourceDepartment
        django_get_or_create = ("zone", "name")

    name = "县住建委"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.ApprovalItem
        skip_postgeneration_save = True

    source_department = factory.SubFactory(SourceDepartmentFactory, zone=factory.SelfAttribute("..zone"))
    code = factory.Sequence(lambda n: f"SP{n:04d}")
    name = factory.Sequence(lambda n: f"审批事项{n}")
    kind = ItemKind.PROMISED
    stage = Stage.CONSTRUCTION_PERMIT
    legal_limit_days = 20
    promised_limit_days = 10
    result_type = "许可证"

    @factory.post_generation
    def steps(obj, create, extracted, **kwargs):
        limits = extracted or (1, 5, 2, 2)
        for order, (name, days) in enumerate(zip(StepName.values, limits, strict=True), start=1):
            am.ItemStep.objects.create(item=obj, order=order, name=name, limit_days=days)

    @factory.post_generation
    def materials(obj, create, extracted, **kwargs):
        specs = extracted if extracted is not None else [("申请表", False, None), ("营业执照", False, None)]
        for order, (name, tolerable, days) in enumerate(specs, start=1):
            am.RequiredMaterial.objects.create(
                item=obj, order=order, name=name, tolerable=tolerable, supply_days=days
            )


# A Monday in an officially scheduled year; the tests pass their own dates, never today's.
MONDAY = dt.date(2025, 3, 3)


def _blank_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()


def uploads_for(item):
    """Every required material of ``item`` uploaded as a small valid PDF."""
    return [(m.pk, f"{m.name}.pdf", PDF) for m in item.materials.all()]
