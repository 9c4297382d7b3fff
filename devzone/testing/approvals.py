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


def submit(actor, project, items, on=MONDAY, with_files=True, uploads=None):
    """An intake of ``items`` for ``project`` through the service (every required material uploaded unless
    ``with_files`` is false or ``uploads`` says which)."""
    from devzone.approvals.services import applications as svc

    if uploads is None:
        uploads = {i.pk: uploads_for(i) for i in items} if with_files else {}
    return svc.intake_submit(
        actor=actor,
        project=project,
        items=items,
        applicant_name="张经办",
        applicant_phone="13800000000",
        uploads=uploads,
        on=on,
    )


def accepted(company_user, clerk, reviewer, project, item, on=MONDAY):
    """An application of ``item`` submitted by the enterprise and accepted by the clerk on ``on``."""
    from devzone.approvals.services import applications as svc

    app = submit(company_user, project, [item], on=on).applications.get()
    return svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=on)


def tolerable_item(zone):
    """An item with one required material and one 容缺 material (owed within 3 working days)."""
    return ItemFactory(zone=zone, materials=[("申请表", False, None), ("环评批复", True, 3)])


def accepted_owing(company_user, clerk, reviewer, project, item, on=MONDAY):
    """An application of a ``tolerable_item`` accepted with its 容缺 material owed."""
    from devzone.approvals.services import applications as svc

    only = [(m.pk, f"{m.name}.pdf", PDF) for m in item.materials.filter(tolerable=False)]
    app = submit(company_user, project, [item], on=on, uploads={item.pk: only}).applications.get()
    return svc.application_accept(actor=clerk, application=app, reviewer=reviewer, on=on)


JSON = "application/json"


def bearer(user):
    """A client that authenticates as an integrator does: ``Authorization: Bearer dz_…``, no session."""
    from devzone.core.services.tokens import token_create
    from devzone.testing.clients import make_client

    _token, raw = token_create(actor=user, name="对接系统", days_valid=30)
    client = make_client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def post_json(client, url: str, body):
    import json

    return client.post(url, json.dumps(body, ensure_ascii=False), content_type=JSON)
