"""The candidate's account on the public portal: phone verification, one profile, sealed personal numbers."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, require, require_text
from devzone.core.locking import in_scope, locked
from devzone.core.models import Profile
from devzone.personnel import sms, vault
from devzone.personnel.identity import IdentityError, parse_identity
from devzone.personnel.models import Candidate, Registration
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


@transaction.atomic
def candidate_register(*, city, phone: str, code: str, id_number: str, password: str, **profile) -> Candidate:
    """A new candidate account: the phone is verified by its code, the identity number checked (GB 11643) and
    unique in the city, the password checked by the site's rules. Nothing is saved when anything is wrong."""
    phone = check_phone(phone)
    identity = _identity(id_number)
    try:
        validate_password(password)
    except ValidationError as exc:
        raise DomainError.of({"password": list(exc.messages)}) from None
    # The phone's code first: whether an identity number or a phone is registered is told only to whoever holds
    # a valid code, never to a visitor trying numbers.
    refusal = sms.check_code(phone, code)
    require(refusal is None, refusal or "", "code")
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
    audit.record(actor=user, action=AuditAction.CREATE, obj=candidate, note=_("注册"))
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


@transaction.atomic
def candidate_update(*, actor, candidate, version: int | None = None, **profile) -> Candidate:
    """The candidate corrects their own profile (registrations already submitted keep their pre-check until the
    candidate resubmits a returned one)."""
    row = locked(Candidate, candidate, actor=actor, version=version, what=_("个人信息"))
    before = audit.snapshot(row)
    for key in PROFILE_FIELDS:
        if key in profile:
            setattr(row, key, profile[key])
    row.double_first_class = is_double_first_class(row.school)
    clean_profile(row)
    row.version += 1
    row.save()
    audit.updated(actor, row, before)
    return row


@transaction.atomic
def identity_reveal(*, actor, registration) -> str:
    """The full identity number of a registration's candidate, for the staff who may screen the registration;
    each reveal is audited like opening the candidate's documents (the page shows the masked number until the
    reader asks for the full one)."""
    reg = in_scope(Registration, registration, actor=actor, action="change", what=_("报名"))
    candidate = reg.candidate
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=candidate,
        note=_("查看考生完整身份证号码"),
        zone_id=reg.zone_id,
    )
    return vault.unseal(candidate.city_id, candidate.id_sealed)
