"""补正 answered material by material (the API uploads one file a request): each upload joins the open
supplement and leaves it open; the applicant's answer ends it, once everything asked for is there.

The page answers a 补正 in one go (``services.intake.application_answer_supplement``: the files and the answer
together); an integrator uploads the files one by one (``application_supplement_upload``) and then answers
(``application_supplement_answer``). Either way the answer is what moves the file on: before acceptance the
5 working days of 行政许可法第三十二条 count again from it; in review the promised clock runs again from it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.approvals.models import Application
from devzone.approvals.services.common import take_for_owner
from devzone.approvals.services.intake import UploadList, add_uploads, answer_move, supplement_answered
from devzone.core.errors import require


def uploads_since_request(app: Application):
    """The materials uploaded since the file was asked for its open 补正 (the event that moved it into the
    supplement state; the event log and the uploads are stamped by the same clock)."""
    asked = (
        app.events.filter(to_status=app.status)
        .exclude(from_status=app.status)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    uploads = app.uploads.all()
    return uploads if asked is None else uploads.filter(uploaded_at__gte=asked)


@transaction.atomic
def application_supplement_upload(
    *, actor, application: Application, uploads: UploadList, on: dt.date | None = None
) -> Application:
    """Materials of the open 补正, added to it: the file stays waiting for the applicant's answer (its promised
    clock stopped), however many materials the request asked for."""
    return add_uploads(
        application,
        actor,
        uploads,
        on=on,
        name="add_supplement_materials",
        what=_("补正材料"),
        empty=_("请上传补正材料"),
    )


@transaction.atomic
def application_supplement_answer(
    *,
    actor,
    application: Application,
    note: str = "",
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    """The applicant's answer to the open 补正, with the materials uploaded for it: the request is answered;
    before acceptance the 5 working days of 第三十二条 count again from today, in review the promised clock
    runs again. Refused while nothing has been uploaded since the request."""
    on = on or timezone.localdate()
    app = take_for_owner(application, actor, expected_version, answer_move, _("补正材料"), _("答复补正"))
    require(uploads_since_request(app).exists(), _("请先上传补正材料，再提交补正"), "files")
    return supplement_answered(app, actor=actor, on=on, note=(note or "").strip())
