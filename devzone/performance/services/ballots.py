"""The democratic assessment: one-time ballot codes, the secret ballot, and the leaders' scores.

Confidentiality: ``ballot_cast`` has no actor, writes no audit entry and no log line; in one transaction it marks
the code used and puts the ballot, sealed (``ballot_box``), in the round's inbox under a key of the inbox's own:
nothing readable in the database, its backups or its logs says what a ballot gave, nor whether it was valid. Once
the inbox holds a batch (``release_batch``), a transaction of its own writes the batch again under the round's
key, in random order, and destroys the inbox's key (``inbox_release``, ``core.inbox``): a released ballot shares
its transaction id (PostgreSQL's ``xmin``) with its batch and with no code — a code names the department whose
delegates drew it — and the heap holds the batch shuffled (docs/security.md, "Nothing ties a ballot to its
code"). Closing the voting (``rounds._close_voting``) opens the released ballots and the inbox alike, once, into
per-score counts and destroys both keys."""

from __future__ import annotations

import secrets
import uuid

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError, require
from devzone.core.inbox import Inbox
from devzone.core.models import Department
from devzone.performance import ballot_box, scoring
from devzone.performance.choices import RoundStatus
from devzone.performance.models import BallotCode, LeaderScore, Round, SealedBallot
from devzone.performance.services.common import (
    _sysrand,
    department_names,
    digest,
    moved,
    parse_scores,
    plain_digest,
    round_for,
)
from devzone.performance.services.rounds import city_scored_departments, require_delegates

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off a paper slip
CODE_LENGTH = 10
# the steps at which a round's codes may be out (printed at 推荐测评代表, used while voting)
CODES_OUT = (RoundStatus.NOMINATION, RoundStatus.VOTING)
RELEASE_AT_LEAST = 5  # the inbox is never released in a batch smaller than this (see ``release_batch``)


def release_batch(r: Round) -> int:
    """The fewest ballots a release writes together: at least ``RELEASE_AT_LEAST``, and more than one
    department's delegates hold codes, so that every batch holds ballots of two departments' delegates at least
    (a department has exactly the scheme's number of delegates, one code each)."""
    return max(RELEASE_AT_LEAST, r.scheme.delegates_per_department + 1)


# The round's inbox (``core.inbox``): the round row locked by the casts, the releases and the closing. A failed
# release leaves no log line (a line just after a cast would say when a ballot came in): its ballots wait for the
# next release or the closing, which opens them all.
INBOX = Inbox(
    owner=Round,
    rows=SealedBallot,
    owner_field="round",
    is_open={"status": RoundStatus.VOTING, "voting_closed": False},
    batch=release_batch,
)


def inbox_release(round_id: int, *, at_least: int | None = None) -> int:
    """Move the ballots waiting in a voting round's inbox to its box, in a transaction of its own, once there
    are at least ``at_least`` (``release_batch``) of them: each opened under the inbox's key and sealed again
    under the round's, written in random order with new random ids, the inbox rows deleted, a new inbox key made
    and the old one destroyed once this commits. All or nothing. Returns how many ballots were released. Asked
    after every cast commits; ``ballots_cast`` is not touched (each ballot was counted by its cast)."""
    return INBOX.release(round_id, at_least=at_least)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def codes_generate(*, actor, round: Round) -> list[tuple[str, str]]:
    """One-time codes for every delegate seat: [(department name, code)], shuffled within each department and
    returned once (for printing). Only their digests are stored, keyed under a new code key (``common.digest``;
    the previous print's key destroyed). Generating again voids the unused codes; refused once a ballot has been
    cast — unless the box was opened short of valid ballots
    (``Round.revote_required``): then the void vote is set aside (its counts stay in the audit trail) and
    every delegate votes again, with new codes in a new box."""
    r = round_for("codes", round, actor, Role.TALLY_STAFF, doing=_("生成测评码"))
    revote = r.revote_required
    require(
        revote or not (r.ballots_cast or r.codes.filter(used=True).exists()),
        _("已有人投票，不能重新生成测评码"),
    )
    results = list(r.results.select_related("department"))
    counts = require_delegates(r, results)
    r.codes.all().delete()
    if revote:  # a new box and inbox: their keys were destroyed when the void one was opened
        r.voting_closed, r.ballots_cast, r.ballots_invalid, r.box_key, r.inbox_key = False, 0, 0, None, None
    # a new code key for each print: the codes printed before are void, and so is the key they were kept under
    old_code_key, r.code_key = r.code_key, uuid.uuid4()
    ballot_box.key_create(r.code_key)
    transaction.on_commit(lambda: ballot_box.key_destroy(old_code_key))
    out: list[tuple[str, str]] = []
    rows = []
    for res in results:
        for _i in range(counts[res.department_id]):
            code = _new_code()
            rows.append(BallotCode(round=r, department_id=res.department_id, digest=digest(code, r.code_key)))
            out.append((res.department.name, code))
    _sysrand.shuffle(rows)  # the stored order says nothing about the printed order
    BallotCode.objects.bulk_create(rows)
    r.codes_issued = len(rows)
    if r.box_key is None:
        r.box_key = uuid.uuid4()
    if r.inbox_key is None:
        r.inbox_key = uuid.uuid4()
    ballot_box.key_create(r.box_key)
    ballot_box.key_create(r.inbox_key)
    note = _("%(n)s个（仅保存摘要）") % {"n": len(rows)}
    if revote:
        note = _("重新测评：%(note)s") % {"note": note}
    moved(
        r,
        "codes",
        actor=actor,
        note=note,
        fields=[
            "codes_issued",
            "box_key",
            "inbox_key",
            "code_key",
            "voting_closed",
            "ballots_cast",
            "ballots_invalid",
        ],
    )
    return out


def _code_rows(code: str):
    """The stored rows ``code`` may be: its digest under the code key of each round whose codes are out and
    whose voting has not closed (a code names no round, and the key of a closed round is destroyed), or, in a
    round whose codes were printed before the keyed digest (no ``code_key``), its plain SHA-256."""
    match = Q(pk__in=[])
    legacy = []
    for pk, key in Round.objects.filter(status__in=CODES_OUT, voting_closed=False).values_list(
        "pk", "code_key"
    ):
        if key is None:
            legacy.append(pk)
            continue
        try:
            match |= Q(round_id=pk, digest=digest(code, key))
        except ballot_box.BoxKeyMissing:  # a lost code key: that round's codes are found by nobody
            continue
    if legacy:
        match |= Q(round_id__in=legacy, digest=plain_digest(code))
    return BallotCode.objects.filter(match)


def code_lookup(code: str) -> BallotCode | None:
    """The unused, open code (for the ballot form), or None. No side effect."""
    c = _code_rows(code).select_related("round", "department").first()
    if c is None or c.used or c.round.status != RoundStatus.VOTING or c.round.voting_closed:
        return None
    return c


def ballot_departments(c: BallotCode) -> list[Department]:
    """The departments a code scores: every department of the round but the delegates' own."""
    return [
        res.department
        for res in c.round.results.select_related("department").exclude(department_id=c.department_id)
    ]


@transaction.atomic
def ballot_cast(*, code: str, scores: dict) -> bool:
    """Cast a secret ballot with a one-time code: ``scores`` maps every department but the code's own to a
    score 0–100. Marks the code used, puts the sealed ballot in the round's inbox and counts it received
    (``ballots_cast``) in one transaction: a ballot is never accepted and lost, nor counted twice, whenever a
    process dies. That transaction's id is on the code and the ballot only until the inbox is released
    (``inbox_release``, asked once this one commits). Returns whether the ballot was valid under the scheme's
    rules. No actor, no audit, no log."""
    c = _code_rows(code).select_for_update().select_related("round").first()
    if c is None:
        raise DomainError.on("code", _("测评码无效"))
    r = Round.objects.select_for_update().get(pk=c.round_id)
    if r.status != RoundStatus.VOTING or r.voting_closed:
        raise DomainError.on("code", _("民主测评已截止或尚未开始"))
    if c.used:
        raise DomainError.on("code", _("该测评码已经使用过"))
    expected = {d.pk for d in ballot_departments(c)}
    given = parse_scores(scores, expected, outside=_("不能为本部门或本轮以外的部门打分"), skip_blank=False)
    c.used = True
    c.save(update_fields=["used"])
    # every ballot is sealed, valid or not, and only the number received is counted: whether it was valid is
    # found when the box is opened (``rounds._close_voting``), so no count changes with an invalid ballot
    # while anyone can watch who votes. The voter alone is told.
    valid = scoring.ballot_is_valid(given, reject_uniform=r.scheme.reject_uniform)
    try:  # refused when the round's own key is gone too: a ballot its closing could not open is not taken
        box = ballot_box.seal(INBOX.key(r), given)
    except ballot_box.BoxKeyMissing:
        raise DomainError(_("投票箱密钥缺失，暂不能投票，请联系计票人员")) from None
    INBOX.put(r, box)
    # the round's one count of ballots received, never per department; a release leaves it as it is
    Round.objects.filter(pk=r.pk).update(ballots_cast=F("ballots_cast") + 1)
    return valid


def leader_own_departments(r: Round, actor) -> set[int]:
    """The departments a leader may not score (回避): those whose people counted in the round
    (``DepartmentResult.members``) include the leader's own staff record. The leader's score is 40–60 % of
    the department's composite, hence of its coefficient and its quota — the leader's own grade's among them."""
    staff_id = reach_of(actor).staff_id
    if not staff_id:
        return set()
    return {
        d for d, members in r.results.values_list("department_id", "members") if staff_id in (members or [])
    }


# 回避 leaves a department no zone leader to score it: the city officers do (``rounds.city_scored_departments``)
CITY_SCORES = gettext_lazy("须回避：本区领导均须回避，该部门由市级管理人员评分")
NOT_CITY_SCORES = gettext_lazy("本区有领导可以为该部门打分，由其评分")


@transaction.atomic
def leader_scores_set(*, actor, round: Round, scores: dict) -> int:
    """A main leader's scores of the departments (during the meeting or the leader step), never of the
    department the leader is counted in (回避). A department no leader of the zone may score (every one is
    counted in it) is scored by a city officer of the zone's city, and only such a department: its leader score
    is their mean, as a department's is its leaders' (audited as the city's)."""
    r = round_for("leader_scores", round, actor, Role.ZONE_LEADER, Role.CITY_OFFICER, doing=_("领导评分"))
    rr = reach_of(actor)
    depts = set(r.results.values_list("department_id", flat=True))
    given = {str(k): v for k, v in (scores or {}).items() if v not in (None, "")}
    by_city = rr.role == Role.CITY_OFFICER
    if by_city:
        if rr.city_id != r.zone.city_id:  # out of reach already (404); never another city's round
            raise PermissionDeniedError(_("您的角色不能%(doing)s") % {"doing": _("领导评分")})
        city = city_scored_departments(r)
        if not city:
            raise PermissionDeniedError(str(NOT_CITY_SCORES))
        refused = {d: str(NOT_CITY_SCORES) for d in depts - city if str(d) in given}
    else:
        own = [d for d in leader_own_departments(r, actor) if str(d) in given]
        city = city_scored_departments(r) if own else set()
        refused = {
            d: str(CITY_SCORES) if d in city else _("须回避：不能为本人所在的部门打分，由其他领导评分")
            for d in own
        }
    if refused:
        errors = {f"scores.{d}": [why] for d, why in refused.items()}
        raise PermissionDeniedError(next(iter(refused.values())), errors)
    parsed = parse_scores(scores, depts, outside=_("部门不在本轮考核中"), skip_blank=True)
    if not parsed:
        raise DomainError.on("scores", _("请至少为一个部门打分"))
    for dept, score in parsed.items():
        LeaderScore.objects.update_or_create(
            round=r, department_id=dept, leader=actor, defaults={"score": score}
        )
    # who scored is on record; what they gave is for the tally staff only
    note = _("%(n)s个部门") % {"n": len(parsed)}
    if by_city:
        names = department_names(r.results.filter(department_id__in=parsed).select_related("department"))
        note = _("市级管理人员评分（本区领导均须回避）：%(d)s") % {"d": names}
    moved(r, "leader_scores", actor=actor, note=note)
    return len(parsed)
