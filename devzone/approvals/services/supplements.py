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

from devzone.approvals.choices import Status
from devzone.approvals.models import Application
from devzone.approvals.services.common import MOVES, S, check, lock, move, require_owner, resume_clocks
from devzone.approvals.services.intake import UploadList, store_uploads
from devzone.core.errors import require
from devzone.core.transitions import Move

# An upload that joins the open 补正 without answering it (the state stays). It belongs with the others in
# ``services.common.MOVES``; it is added here, once, so that this module's service has its move.
MOVES.moves.setdefault(
    "add_supplement_materials", Move({S.SUPPLEMENT, S.REVIEW_SUPPLEMENT}, None, "上传补正材料")
)


def _answer_move(app: Application) -> str:
    return "answer_review_supplement" if app.status == Status.REVIEW_SUPPLEMENT else "answer_supplement"


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
    on = on or timezone.localdate()
    app = lock(application, actor)
    require_owner(actor, app, _("补正材料"))
    check(app, "add_supplement_materials", _("补正材料"))
    require(uploads, _("请上传补正材料"), "files")
    stored = store_uploads(app, actor, uploads)
    names = "、".join(m.original_name for m in stored)
    return move(app, "add_supplement_materials", actor=actor, on=on, note=names)


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
    app = lock(application, actor, expected_version)
    require_owner(actor, app, _("补正材料"))
    name = _answer_move(app)
    check(app, name, _("答复补正"))
    require(uploads_since_request(app).exists(), _("请先上传补正材料，再提交补正"), "files")
    app.supplement_requests.filter(answered_on__isnull=True).update(answered_on=on)
    note = (note or "").strip()
    if name == "answer_supplement":
        app.acceptance_from = on  # 第三十二条: the window's 5 working days count again from the answer
        return move(app, name, actor=actor, on=on, note=note, fields=("acceptance_from",))
    resume_clocks(app, on=on)
    return move(app, name, actor=actor, on=on, note=note)
