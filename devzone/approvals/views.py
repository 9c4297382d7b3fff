"""Pages of the single window (一窗受理), the review desk and the enterprise portal. Thin: reads come from
selectors, every move from the services (through ``actions.PAGE_ACTIONS``), which check the actor and the
state; ``core.web.refusals`` shows what they refuse."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.approvals import clock as clockread
from devzone.approvals import filters, forms, guide, selectors
from devzone.approvals.actions import CHOOSE_REVIEWER, PAGE_ACTIONS
from devzone.approvals.catalog.law import REMEDIES_BASIS, remedies
from devzone.approvals.choices import OPEN_STATUSES, LegalNature, Stage, Status
from devzone.approvals.hooks import may_rate, rating_comment, rating_shown
from devzone.approvals.jobs import special_reading
from devzone.approvals.models import Application, Intake, Material
from devzone.approvals.services import applications as svc
from devzone.approvals.services.aftercare import acceptance_deadline
from devzone.approvals.services.common import ACCEPTED_OPEN, AGAINST_THE_APPLICANT, MOVES
from devzone.approvals.wording import button_label
from devzone.core import files
from devzone.core.access import reach_of, require_right
from devzone.core.actions import kept
from devzone.core.choices import Role
from devzone.core.filters import query_param
from devzone.core.models import Project
from devzone.core.web import page_of, refusals, safe_next, scoped_or_404
from devzone.core.zones import narrow

STAGE_ORDER = {stage: n for n, stage in enumerate(Stage.values)}
SUBMITTERS = (Role.ENTERPRISE_USER, Role.WINDOW_CLERK)


# --- intakes -------------------------------------------------------------------------------------------
def _choosable_items(request, zone_id):
    # grouped by stage in the order of the process (立项用地规划许可 first), not the stored codes' alphabet
    return sorted(
        selectors.items_for_intake(user=request.user, zone_id=zone_id),
        key=lambda i: (STAGE_ORDER.get(i.stage, len(STAGE_ORDER)), i.code),
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake_new(request):
    r = reach_of(request.user)
    if r.role not in SUBMITTERS:
        raise PermissionDenied
    projects = narrow(Project.objects.for_user(request.user), request).select_related("enterprise")
    items = _choosable_items(request, r.zone_id)
    choose = forms.ChooseForm(
        request.GET or None, projects=projects, items=items, needs_code=r.role == Role.WINDOW_CLERK
    )
    if not (request.GET and choose.is_valid()):
        return render(
            request,
            "approvals/intake_choose.html",
            {
                "form": choose,
                "items": items,
                "situations": guide.situations(
                    items, requires=lambda i: [p.pk for p in i.prerequisites.all()], stage=lambda i: i.stage
                ),
                "projects": projects,
            },
        )
    chosen_ids = {int(i) for i in choose.cleaned_data["items"]}
    chosen = [i for i in items if i.pk in chosen_ids]
    project = choose.cleaned_data["project"]
    form = forms.IntakeForm(request.POST or None, initial=_applicant(request.user, project))
    if request.method == "POST" and form.is_valid():
        uploads = {i.pk: forms.read_uploads(form, request.FILES, f"f_{i.pk}_") for i in chosen}
        if form.is_valid():  # no file over the limit
            with refusals(request, form) as outcome:
                intake = svc.intake_submit(
                    actor=request.user, project=project, items=chosen, uploads=uploads, **form.cleaned_data
                )
            if outcome.ok:
                messages.success(request, _("已提交，请等待窗口受理；受理后生成受理编号"))
                return redirect(intake.get_absolute_url())
    return render(
        request,
        "approvals/intake_form.html",
        {
            "form": form,
            "project": project,
            "chosen": chosen,
            "query": request.GET.urlencode(),
            "preview": selectors.intake_preview(project=project, items=chosen),
        },
    )


def _applicant(user, project) -> dict:
    """经办人 and phone: an enterprise's own user is its 经办人; at the window, the enterprise's contact (never the
    clerk)."""
    enterprise = project.enterprise
    name = enterprise.contact_name
    if reach_of(user).role == Role.ENTERPRISE_USER:
        name = getattr(user.profile, "display_name", "") or name
    return {"applicant_name": name, "applicant_phone": enterprise.contact_phone}


@login_required
def intake_list(request):
    require_right(request.user, "view", Intake)
    qs = narrow(selectors.intake_list(user=request.user), request)
    return render(
        request,
        "approvals/intake_list.html",
        {"page": page_of(request, qs), "can_submit": reach_of(request.user).role in SUBMITTERS},
    )


def _intake_row(request, app, reading) -> dict:
    blocking, tolerable = svc.missing_materials(app)
    ids = f"id_{app.pk}_%s"  # one set of forms per application on the page: ids of their own, for the labels
    v = {"version": app.version}
    opening = app.status == Status.SUBMITTED and reach_of(request.user).role == Role.WINDOW_CLERK

    def initial(name: str) -> dict:  # what the clerk chose before a refusal, kept (core.actions.kept)
        return kept(request, app, name) | v

    return {
        "app": app,
        "reading": reading,
        "blocking": blocking,
        "tolerable": tolerable,
        "refusals": svc.acceptance_refusals(app) if opening else [],
        "accept": forms.AcceptForm(zone_id=app.zone_id, initial=initial("accept"), auto_id=ids),
        "reject": forms.ReasonForm(initial=initial("reject"), auto_id=ids),
        "supplement": forms.SupplementForm(initial=initial("supplement"), auto_id=ids),
    }


@login_required
def intake_detail(request, pk):
    intake = scoped_or_404(selectors.intake_list(user=request.user), pk, user=request.user)
    apps = selectors.application_list(user=request.user).filter(intake=intake).order_by("id")
    rows = [
        _intake_row(request, app, reading)
        for app, reading in selectors.with_readings(apps, timezone.localdate())
    ]
    return render(
        request,
        "approvals/intake_detail.html",
        {"intake": intake, "rows": rows, "role": reach_of(request.user).role},
    )


# --- applications ---------------------------------------------------------------------------------------
QUEUE_FORM_PARAMS = frozenset({"status", "q", "page"})  # what the queue's search form sets itself


@login_required
def queue(request):
    """The work list: a reviewer's own files by due date, a clerk's files to accept, a leader's open files."""
    require_right(request.user, "view", Application)
    # 待事后核查 (the desk's link): granted files, which no queue of open files holds
    post_check = query_param(request, "post_check", django_forms.NullBooleanField(), default=None)
    rows_of = selectors.post_check_queue if post_check else selectors.application_queue
    qs = selectors.queue_rows(narrow(rows_of(user=request.user), request))
    fs, qs = filters.filtered(filters.ApplicationFilter, request, qs)
    page = page_of(request, qs)
    rows = selectors.with_readings(page.object_list, timezone.localdate())
    role = reach_of(request.user).role
    # The search form keeps the other parameters (the desk's ``?overdue=true`` …) as hidden fields, built here:
    # a template's ``request.GET.items`` reads a parameter named ``items`` instead of the method (a 500).
    kept = [(k, v) for k, values in request.GET.lists() if k not in QUEUE_FORM_PARAMS for v in values]
    return render(
        request,
        "approvals/queue.html",
        # the zone's staff see which files wait for a reviewer (待分派); an enterprise sees its file's status
        {
            "page": page,
            "rows": rows,
            "filter": fs,
            "role": role,
            "staff": role != Role.ENTERPRISE_USER,
            "kept": kept,
        },
    )


# the refusal's reason has ids of its own: the grant form beside it has a ``reason`` too
DENY_IDS = "deny_%s"


def _detail_forms(app: Application) -> dict:
    v = {"version": app.version}
    return {
        "assign": forms.AssignForm(zone_id=app.zone_id, initial=v | {"reviewer": app.reviewer_id}),
        "supplement": forms.SupplementForm(initial=v),
        "special": forms.SpecialForm(initial=v, item=app.item),
        "extend": forms.ExtendForm(initial=v),
        "grant": forms.GrantForm(initial=v),
        "deny": forms.ReasonForm(initial=v, auto_id=DENY_IDS),
        "version": forms.VersionedForm(initial=v),
        "withdraw": forms.WithdrawForm(initial=v),
        "upload": forms.UploadForm(),
        "postcheck": forms.PostCheckForm(),
    }


def _within_the_law(promised, legal) -> bool:
    """Whether the statutory limit (or, for a file opened before it existed, its only clock) has not run out."""
    clock = legal if legal is not None else promised
    return clock is not None and not clock.overdue


@login_required
def application_detail(request, pk):
    return _application_page(request, pk)


def _application_page(request, pk, bound: dict | None = None):
    """The file's page; ``bound`` replaces some of its forms by the ones just posted (their errors shown on
    their fields)."""
    app = scoped_or_404(selectors.application_list(user=request.user), pk, user=request.user)
    today = timezone.localdate()
    [(app, (promised, legal))] = selectors.with_both_readings([app], today)
    role = reach_of(request.user).role
    rating = getattr(app, "rating", None)
    shown = rating if rating_shown(user=request.user, rating=rating) else None
    ctx = {
        "app": app,
        "reading": clockread.nearer(promised, legal),
        "promised": promised,
        "legal": legal,
        # on time against the promise and past the law: the page says so
        "legal_breach": legal is not None and legal.overdue and not (promised and promised.overdue),
        "special_readings": [
            (p, special_reading(p, today)) for p in app.special_procedures.all() if p.ended_on is None
        ],
        "acceptance_deadline": acceptance_deadline(app) if app.status == Status.SUBMITTED else None,
        "role": role,
        "events": app.events.all(),
        "uploads": app.uploads.select_related("required_material"),
        "materials": app.item.materials.all(),
        "tolerated": app.tolerated.select_related("material"),
        "supplements": app.supplement_requests.all(),
        "specials": app.special_procedures.all(),
        "certificate": getattr(app, "certificate", None),
        "post_check": getattr(app, "post_check", None),
        # the page names the enterprise: its rating (level, comment, link) only for who may know the enterprise
        # behind a rating (the rating module's rule, approvals.hooks; never the reviewer rated). The others read
        # nothing of it, not even 已评价: of two like files, the marked one would name the enterprise that rated
        "rating": shown,
        # its comment as the rating module writes it: the automatic rating's in the reader's language
        "rating_comment": rating_comment(rating=shown) if shown is not None else "",
        # "去评价" only when the rating service would take the rating (approvals.hooks): the file's status alone
        # offered it for files concluded before the rating period, whose rating ``rate`` refuses
        "may_rate": rating is None
        and role == Role.ENTERPRISE_USER
        and may_rate(user=request.user, application=app),
        "open": app.status in OPEN_STATUSES,
        # a leader's 分派 / 改派 of an accepted open file; 延期 within the statutory limit, never after it ran out
        # (第四十二条), wherever that limit runs (容缺 suspension and waiting for a prerequisite included)
        "may_assign": role == Role.ZONE_LEADER and MOVES.moves["assign"].allows(app.status),
        "unassigned": app.reviewer_id is None and app.status in ACCEPTED_OPEN,  # 待分派
        "may_extend": role == Role.ZONE_LEADER
        and not app.extended
        and MOVES.moves["extend"].allows(app.status)
        and _within_the_law(promised, legal),
        # a 特别程序 leaves its time out of a limit still running (第四十五条): not offered once it ran out
        "may_start_special": _within_the_law(promised, legal),
        "forms": _detail_forms(app) | (bound or {}),
        # the decision buttons in the item's own words (准予备案 / 予以确认 / 审查通过 …, approvals.wording), as
        # actions ("Grant approval"), not as the outcome the status then reads ("Granted")
        "grant_label": button_label(app.item, "grant"),
        "deny_label": button_label(app.item, "deny"),
        "deny_reason_label": button_label(app.item, "deny_reason"),
        # every outcome against the applicant names its remedies, as its notice did (``AGAINST_THE_APPLICANT``:
        # 不予许可, 不予受理, a grant revoked for a broken commitment); §38(2) is cited for a 不予许可 only
        "remedies": remedies() if app.status in AGAINST_THE_APPLICANT else None,
        "remedies_basis": REMEDIES_BASIS
        if app.status == Status.DENIED and app.item.legal_nature == LegalNature.LICENSING
        else None,
    }
    return render(request, "approvals/application_detail.html", ctx)


def _form_kwargs(app: Application, action: str) -> dict | None:
    """What a move's form needs of the file: the zone's reviewers to choose from, the item's own bound of a
    特别程序 (``SpecialForm``)."""
    if action in CHOOSE_REVIEWER:
        return {"zone_id": app.zone_id}
    if action == "special":
        return {"item": app.item}
    return None


@login_required
@require_POST
def application_action(request, pk, action):
    if action not in PAGE_ACTIONS:
        raise Http404
    app = scoped_or_404(Application.objects, pk, user=request.user)
    if action == "deny":
        # a refusal without its reason: the page again, the error on the reason's field (not a banner apart)
        form = forms.ReasonForm(request.POST, auto_id=DENY_IDS)
        if not form.is_valid():
            return _application_page(request, pk, bound={"deny": form})
    return PAGE_ACTIONS.perform(
        request,
        action,
        app,
        redirect_to=safe_next(request, app.get_absolute_url()),
        form_kwargs=_form_kwargs(app, action),
    )


@login_required
def material_download(request, pk):
    m = scoped_or_404(Material.objects, pk, user=request.user)
    return files.download(request, m.file, filename=m.original_name, content_type=m.content_type)


@login_required
def home(request):
    """大审批's front door: each role lands on its own work."""
    if reach_of(request.user).role == Role.ENTERPRISE_USER:
        return redirect("approvals:intake_list")
    require_right(request.user, "view", Application)
    return redirect("approvals:queue")
