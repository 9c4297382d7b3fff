"""The candidate's account on the public portal: phone verification, one profile, sealed personal numbers."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, require, require_text
from devzone.core.locking import in_scope, locked
from devzone.core.models import Profile
from devzone.core.notify import stored
from devzone.core.ratelimit import Limit
from devzone.personnel import sms, vault
from devzone.personnel.choices import PASSED_SCREENING, CampaignStatus, RegistrationStatus
from devzone.personnel.identity import IdentityError, parse_identity
from devzone.personnel.models import Candidate, Registration
from devzone.personnel.services.documents import opened_by_staff, record_opened
from devzone.personnel.universities import is_double_first_class

PHONE = re.compile(r"^1[3-9]\d{9}$")
PROFILE_FIELDS = (
    "name",
    "education",
    "school",
    "major",
    "graduated_on",
    "experience_years",
    "political",
    "province",
    "employer_type",
)


def check_phone(raw: str) -> str:
    phone = (raw or "").strip().replace(" ", "")
    require(bool(PHONE.match(phone)), _("请填写11位手机号码"), "phone")
    return phone


def _identity(raw: str):
    try:
        return parse_identity(raw)
    except IdentityError as exc:
        raise DomainError.on("id_number", str(exc)) from None


def candidate_register(*, city, phone: str, code: str, id_number: str, password: str, **profile) -> Candidate:
    """A new candidate account: the phone is verified by its code, the identity number checked (GB 11643) and
    unique in the city, the password checked by the site's rules. Nothing is saved when anything is wrong.

    The code is proved before the transaction opens (``sms.require_code``): a wrong one stays counted when the
    refusal rolls back, so the six digits cannot be guessed without end."""
    phone = check_phone(phone)
    identity = _identity(id_number)
    try:
        validate_password(password)
    except ValidationError as exc:
        raise DomainError.of({"password": list(exc.messages)}) from None
    # The phone's code first: whether an identity number or a phone is registered is told only to whoever holds
    # a valid code, never to a visitor trying numbers.
    sms.require_code(phone, code)
    return _register(city, phone=phone, identity=identity, password=password, profile=profile)


@transaction.atomic
def _register(city, *, phone: str, identity, password: str, profile: dict) -> Candidate:
    id_digest = vault.digest(city.pk, identity.number)
    require(
        not Candidate.objects.filter(city=city, id_digest=id_digest).exists(),
        _("该身份证号码已注册，请直接登录"),
        "id_number",
    )
    User = get_user_model()
    username = vault.account_name(phone)  # never the number itself: the account table holds no phone
    require(not User.objects.filter(username=username).exists(), _("该手机号码已注册，请直接登录"), "phone")
    profile["name"] = require_text(profile.get("name"), "name", _("请填写姓名"), max_length=30)
    candidate = Candidate(
        city=city,
        id_sealed=vault.seal(city.pk, identity.number),
        id_digest=id_digest,
        id_masked=vault.mask_identity(identity.number),
        phone_sealed=vault.seal(city.pk, phone),
        phone_digest=vault.digest(city.pk, phone),
        phone_masked=vault.mask_phone(phone),
        birth_date=identity.birth_date,
        male=identity.male,
        **{k: profile.get(k) for k in PROFILE_FIELDS},
    )
    candidate.double_first_class = is_double_first_class(candidate.school or "")
    clean_profile(candidate)
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, password=password)
            Profile.objects.create(user=user, role=Role.CANDIDATE, city=city, display_name=candidate.name)
            candidate.user = user
            candidate.save()
    except IntegrityError:
        raise DomainError.on("id_number", _("该身份证号码已注册，请直接登录")) from None
    audit.record(actor=user, action=AuditAction.CREATE, obj=candidate, note=stored(gettext_lazy("注册")))
    return candidate


def login_name(typed: str) -> str | None:
    """The account a candidate means by the phone number typed at login (``core.registry.login_name``): the
    account named by its digest. None for anything else — and for an account named exactly what was typed (a
    staff account may well be named by a phone number)."""
    phone = (typed or "").strip().replace(" ", "")
    if not PHONE.match(phone) or get_user_model().objects.filter(username=typed).exists():
        return None
    return vault.account_name(phone)


def clean_profile(candidate: Candidate) -> None:
    """The model's field checks (the account is attached after them, uniqueness is the constraint's)."""
    try:
        candidate.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from None


# What a candidate may correct of their profile: everything a registration reads from it except the verified
# identity (the name and identity number as checked at registration, and the birth date and sex read from the
# number), which only a new account could change.
CORRECTABLE_FIELDS = tuple(f for f in PROFILE_FIELDS if f != "name")
VERIFIED_FIELDS = ("name", "id_number", "birth_date", "male")
# The candidate's keyed digests and sealed numbers never enter an audit row; the masked phone stands for them.
SEALED_FIELDS = ("id_sealed", "id_digest", "phone_sealed", "phone_digest")
# Wrong passwords when changing the phone number: a stolen session cannot try passwords without end.
WRONG_PASSWORD = Limit("cand_password", 5, 600)


def _snapshot(row: Candidate) -> dict:
    shot = audit.snapshot(row)
    for name in SEALED_FIELDS:
        shot.pop(name, None)
    return shot


# The fields 资格审核 reads (the opening's requirements, and the diploma checked against them). A correction of one
# of them after a registration was screened reaches that registration only through the recruiting unit's re-review
# (复核); the others (生源地, 现工作单位性质) are corrected without one.
QUALIFYING_FIELDS = ("education", "school", "major", "graduated_on", "experience_years", "political")
# screened and out of the running: the kept facts are recorded, but nobody is asked to re-review them
OUT_OF_THE_RUNNING = (RegistrationStatus.NOT_SHORTLISTED, RegistrationStatus.NOT_HIRED)


def is_held(reg: Registration, now) -> bool:
    """Whether ``reg`` was (or is being) screened on the candidate's facts: it passed 资格审核 in a recruitment not
    finished, or it is awaiting screening after registration closed."""
    campaign = reg.campaign
    if reg.status in PASSED_SCREENING:
        return campaign.status != CampaignStatus.FINISHED
    return reg.status == RegistrationStatus.SUBMITTED and not _window_open(campaign, now)


def held_registrations(candidate: Candidate, regs=None, *, now=None) -> list[Registration]:
    """The candidate's registrations screened (or being screened) on their facts (``is_held``)."""
    now = now or timezone.now()
    if regs is None:
        regs = candidate.registrations.select_related("campaign", "opening")
    return [reg for reg in regs if is_held(reg, now)]


def held_notice(held: list[Registration]) -> str | None:
    """What the correction page tells a candidate whose registrations were screened: they may correct, the
    registration keeps the facts it was reviewed on, and the recruiting unit re-reviews the change. None when no
    registration is held."""
    if not held:
        return None
    passed = [str(r.opening) for r in held if r.status in PASSED_SCREENING]
    screening = [str(r.opening) for r in held if r.status not in PASSED_SCREENING]
    where = []
    if passed:
        where.append(_("您报考的“%(o)s”已通过资格审核。") % {"o": "”“".join(passed)})
    if screening:
        where.append(_("您报考的“%(o)s”报名已截止、正在资格审核。") % {"o": "”“".join(screening)})
    return "".join(where) + _(
        "您仍可更正个人信息；更正学历、院校、专业、毕业时间、工作年限或政治面貌后，该报名仍以审核时的信息为准，"
        "更正内容将提交招聘单位复核，复核结果会通知您。"
    )


def _window_open(campaign, now) -> bool:
    return (
        campaign.status == CampaignStatus.PUBLISHED
        and campaign.registration_opens <= now < campaign.registration_closes
    )


@transaction.atomic
def candidate_update(*, actor, candidate, version: int | None = None, now=None, **profile) -> Candidate:
    """考生更正个人信息: the candidate corrects the fields a registration reads from their profile — never the
    verified identity (refused on its field). A registration still awaiting screening while registration is open
    is pre-checked again on the corrected facts, with an event the reviewer reads and a new version (a decision
    taken on the old facts is refused as stale); a returned one takes them when the candidate resubmits it. A
    registration screened (or being screened) on the old facts (``is_held``) is never changed under the
    reviewer's eyes: a correction of a qualifying field leaves it on the facts it was reviewed on
    (``reviewed_profile``), with an event, a new version and — while it is in the running — a notice to the
    zone's 人事专员, who re-review it (``registrations.registration_recheck``). Every change is an audit row (the sealed numbers never enter it)."""
    for name in VERIFIED_FIELDS:
        if name in profile:
            raise DomainError.on(name, _("姓名和身份证号码已核验，不能修改"))
    unknown = sorted(set(profile) - set(CORRECTABLE_FIELDS))
    require(not unknown, _("无法修改：%(f)s") % {"f": "、".join(unknown)})
    row = locked(Candidate, candidate, actor=actor, version=version, what=_("个人信息"))
    require(row.user_id == actor.pk, _("只能更正本人的个人信息"))
    before = _snapshot(row)
    for key, value in profile.items():
        setattr(row, key, value)
    row.double_first_class = is_double_first_class(row.school or "")
    clean_profile(row)
    changed = audit.diff(before, _snapshot(row))
    if not changed:
        return row
    now = now or timezone.now()
    regs = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(candidate=row)
        .select_related("campaign", "opening")
        .order_by("pk")
    )
    row.version += 1
    row.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=row,
        changes=changed,
        note=stored(gettext_lazy("考生更正个人信息")),
    )
    qualifying = any(name in changed for name in QUALIFYING_FIELDS)
    for reg in regs:
        if reg.status == RegistrationStatus.SUBMITTED and _window_open(reg.campaign, now):
            _precheck_again(reg, row, actor=actor)
        elif qualifying and is_held(reg, now):
            _hold_for_recheck(reg, row, before, actor=actor)
    return row


def reviewed_facts(shot: dict) -> dict:
    """The qualifying facts of a candidate's snapshot (``_snapshot``), as a registration keeps them."""
    return {name: shot.get(name) for name in (*QUALIFYING_FIELDS, "double_first_class")}


def _hold_for_recheck(reg: Registration, candidate: Candidate, before: dict, *, actor) -> None:
    """A registration screened on the old facts keeps them (the first correction's ``before``; a later one keeps
    what was reviewed) and waits for the recruiting unit's re-review: an event, a new version (a decision taken
    on the page before the correction is refused as stale) and a notice to the zone's 人事专员. Corrected back to
    what was reviewed, nothing waits any more."""
    from devzone.personnel.services.registrations import write_event

    kept = reg.reviewed_profile or reviewed_facts(before)
    now_facts = reviewed_facts(_snapshot(candidate))
    pending = kept != now_facts
    old = reg.reviewed_profile
    reg.reviewed_profile = kept if pending else None
    reg.version += 1
    reg.save(update_fields=["reviewed_profile", "version", "updated_at"])
    # read by the reviewer: the site's language, not the candidate's (``stored``)
    note = stored(
        gettext_lazy("考生更正了个人信息，本报名仍以审核时的信息为准，待招聘单位复核")
        if pending
        else gettext_lazy("考生的信息已恢复为审核时的内容，无需复核")
    )
    write_event(row=reg, move="correct", before=reg.status, after=reg.status, actor=actor, note=note)
    audit.changed(actor, reg, "reviewed_profile", old, reg.reviewed_profile, note=note)
    if pending and reg.status not in OUT_OF_THE_RUNNING:
        from devzone.personnel.services.registrations import tell_officers

        tell_officers(
            reg,
            "personnel.corrected",
            gettext_lazy("%(name)s更正了个人信息（报考%(o)s），请复核资格"),
            key=f"personnel-corrected-{reg.pk}-{candidate.version}",
            name=candidate.name,
        )


def _precheck_again(reg: Registration, candidate: Candidate, *, actor) -> None:
    """A registration awaiting screening takes the corrected profile: its pre-check again, an event and a new
    version (the reviewer's form of the old version is refused as stale)."""
    from devzone.personnel.eligibility import precheck
    from devzone.personnel.services.registrations import write_event

    before = reg.precheck
    reg.precheck = precheck(
        reg.opening, candidate, closes=timezone.localdate(reg.campaign.registration_closes)
    )
    reg.version += 1
    reg.save(update_fields=["precheck", "version", "updated_at"])
    # read by the reviewer: the site's language, not the candidate's (``stored``)
    note = stored(gettext_lazy("考生更正了个人信息，系统已重新预审"))
    write_event(row=reg, move="correct", before=reg.status, after=reg.status, actor=actor, note=note)
    audit.changed(actor, reg, "precheck", before, reg.precheck, note=note)


def candidate_phone_change(*, actor, candidate, phone: str, code: str, password: str) -> Candidate:
    """更换手机号码: the new number is proved by its code and the change by the account's password (a session
    left open is not enough). The number stays sealed; the account's name follows it (the login takes the new
    number); the audit row holds the masked numbers only.

    The password and the code are proved before the transaction opens, as ``core.services.accounts``'
    ``password_change`` does: a wrong one is counted in the shared cache (the database on the embedded default),
    and a count made inside the transaction would be rolled back with the refusal."""
    row = in_scope(Candidate, candidate, actor=actor, action="change", what=_("个人信息"))
    require(row.user_id == actor.pk, _("只能更正本人的个人信息"))
    phone = check_phone(phone)
    _require_password(actor, password)
    require(vault.digest(row.city_id, phone) != row.phone_digest, _("新号码与原号码相同"), "phone")
    sms.require_code(phone, code, purpose="phone")
    return _phone_store(actor=actor, candidate=row, phone=phone)


def _require_password(actor, password: str) -> None:
    """The account's password, or a refusal; wrong ones are counted (``WRONG_PASSWORD``), so call it outside
    the transaction."""
    user = get_user_model().objects.get(pk=actor.pk)
    require(not WRONG_PASSWORD.exceeded(str(user.pk)), _("密码错误次数过多，请10分钟后再试"), "password")
    if not user.check_password(password or ""):
        WRONG_PASSWORD.hit(str(user.pk))
        raise DomainError.on("password", _("密码不正确"))


@transaction.atomic
def _phone_store(*, actor, candidate, phone: str) -> Candidate:
    row = locked(Candidate, candidate, actor=actor, what=_("个人信息"))
    user = get_user_model().objects.select_for_update().get(pk=actor.pk)
    digest = vault.digest(row.city_id, phone)
    require(digest != row.phone_digest, _("新号码与原号码相同"), "phone")
    username = vault.account_name(phone)
    require(
        not get_user_model().objects.filter(username=username).exclude(pk=user.pk).exists(),
        _("该手机号码已注册其他账号"),
        "phone",
    )
    masked_before = row.phone_masked
    row.phone_sealed = vault.seal(row.city_id, phone)
    row.phone_digest = digest
    row.phone_masked = vault.mask_phone(phone)
    row.version += 1
    row.save(update_fields=["phone_sealed", "phone_digest", "phone_masked", "version", "updated_at"])
    user.username = username
    user.save(update_fields=["username"])
    audit.changed(
        actor, row, "phone_masked", masked_before, row.phone_masked, note=stored(gettext_lazy("更换手机号码"))
    )
    return row


@transaction.atomic
def identity_reveal(*, actor, registration) -> str:
    """The full identity number of a registration's candidate, for the staff who may screen the registration;
    each reveal is audited like opening the candidate's documents (the page shows the masked number until the
    reader asks for the full one) — while the registration is screened or processed, as the documents are
    (``require_open_to_staff``)."""
    reg = opened_by_staff(actor, registration)
    candidate = reg.candidate
    record_opened(actor, reg, candidate, gettext_lazy("查看考生完整身份证号码"))
    return vault.unseal(candidate.city_id, candidate.id_sealed)
