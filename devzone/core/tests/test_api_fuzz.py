"""The published API description against the server, with schemathesis (issue 17): every operation is called
with requests generated from its own schema, as each kind of caller (a zone leader, a reviewer, an enterprise and
the city officer, each with a personal API token), and must never answer 5xx, must answer with a documented
status and content type, and its answers must match the schemas it publishes.

The default run is bounded: schemathesis's coverage phase (each parameter and field at its boundaries, missing,
of the wrong type, out of its enum: 46 requests an operation on average, 10,864 for the 237 operations) and one
generated request per operation, sent as one of the four callers (each operation always the same one, so every
caller has its share). The long run sends 100 per operation as every caller:
``DEVZONE_FUZZ_LONG=1 pytest devzone/core/tests/test_api_fuzz.py`` (``DEVZONE_FUZZ_EXAMPLES`` sets the number).

A request the schema does not allow must be refused (schemathesis's ``negative_data_rejection``: it found
``?start=0`` taken as 1970-01-01; every date a caller sends is now ``core.schemas.Day``/``Date``), and a request
it allows must be accepted (``accepts_what_it_publishes``): the input schemas publish every rule the server
checks (amounts, enums, names that must be given, ranges), except two kinds no schema can state, which the check
knows by name: an id naming no row in the caller's reach, and the domain rules of ``DOMAIN_RULES``."""

import os
import re
import zlib

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from pydantic import BaseModel
from schemathesis.python._constants.orchestrator import make_constants_value_source
from schemathesis.specs.openapi.checks import positive_data_acceptance

from devzone.core.services.tokens import token_create

pytestmark = pytest.mark.django_db
LONG = bool(os.environ.get("DEVZONE_FUZZ_LONG"))
EXAMPLES = int(os.environ.get("DEVZONE_FUZZ_EXAMPLES", "100" if LONG else "1"))
CALLERS = ["zone_a_leader", "zone_a_reviewer", "enterprise_user", "city_officer"]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
OPERATIONS = [
    (method.upper(), path)
    for path, item in schema.raw_schema["paths"].items()
    for method in item
    if method in HTTP_METHODS
]
WRITES = [(method, path) for method, path in OPERATIONS if method in ("POST", "PUT", "PATCH")]


def operation_ids(operation) -> str:
    return " ".join(operation)


@pytest.fixture
def operation(request):
    """schemathesis's test of one operation, ``request.param`` (method, path), built when the test runs.

    ``schema.parametrize()`` builds every operation's test, with its coverage-phase cases, while the module is
    collected: 7–8 CPU seconds in each pytest-xdist worker before any test ran, although only one worker runs
    each test. Its lazy form (``schemathesis.pytest.from_fixture``) does not run under pytest 9.2 (it sets
    ``Node._nodeid``, which pytest no longer has). So the module parametrizes by operation itself and builds the
    test as schemathesis's lazy form does (``schemathesis.pytest.lazy.get_all_tests``, with the app's constants
    extracted once): each operation is still its own test, with its own database and tokens."""
    from schemathesis.checks import load_all_checks
    from schemathesis.generation.feedback import FeedbackSources
    from schemathesis.pytest._test_builder import build_operation_test

    load_all_checks()
    method, path = request.param
    found = schema.find_operation_by_label(f"{method} {path}")
    assert found is not None, request.param

    def build(test_func, explicit_settings):
        return build_operation_test(
            config=schema.config,
            operation=found,
            test_func=test_func,
            explicit_settings=explicit_settings,
            given_kwargs={},
            feedback=FeedbackSources(constants_value_source=make_constants_value_source(schema)),
        )

    return build


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes the database connection after each request; inside a test's transaction that
    would close the test's own connection (PostgreSQL then answers "the connection is closed"). Django's test
    client disconnects the same signal handlers."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class Tokens(dict):
    """A personal API token per caller, made when first asked for (the bounded run calls as one caller)."""

    def __init__(self, request):
        super().__init__()
        self.request = request

    def __missing__(self, who: str) -> str:
        self[who] = token_create(actor=self.request.getfixturevalue(who), name="fuzz", days_valid=1)[1]
        return self[who]


@pytest.fixture
def tokens(request):
    return Tokens(request)


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_ids, indirect=True)
def test_no_operation_fails_or_breaks_its_published_contract(operation, tokens):
    def call(case):
        callers = CALLERS if LONG else [CALLERS[zlib.crc32(case.operation.label.encode()) % len(CALLERS)]]
        for token in (tokens[who] for who in callers):
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"},
                excluded_checks=[positive_data_acceptance],
            )
            accepts_what_it_publishes(case, response)

    operation(
        call,
        settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
        ),
    )()


# The refusals of a schema-valid request that no schema can rule out, each a rule of the domain: (operation,
# field, or "*" for any field) -> why. A refusal on a row id (a row that does not exist or is out of the
# caller's reach) is the other kind, found from the description itself (``id_fields``).
DOMAIN_RULES = {
    ("GET /api/v1/core/calendar/add", "start"): "the working-day calendar is loaded for some years only",
    ("GET /api/v1/core/calendar/between", "__all__"): "a span of more than ten years is not counted",
    ("GET /api/v1/core/calendar/between", "start"): "the working-day calendar is loaded for some years only",
    ("GET /api/v1/core/calendar/between", "end"): "the working-day calendar is loaded for some years only",
    ("POST /api/v1/core/areas", "__all__"): "one area of a name in a zone",
    ("PATCH /api/v1/core/areas/{pk}", "__all__"): "one area of a name in a zone",
    ("POST /api/v1/verify", "file.file"): "an empty file is no certificate",
    ("POST /api/v1/projects/visits/{pk}/photos", "file.photo"): "an empty file is no photo",
    ("POST /api/v1/approvals/applications/{pk}/supply", "*"): "one value per form field",
    ("POST /api/v1/performance/schemes", "proportions"): "a row per coefficient, each adding up to 100 %",
    ("POST /api/v1/performance/schemes", "weights"): "each kind of department's weights add up to 100 %",
    # a form field sent twice is refused, one the operation declares or not (core's OneValueParser)
    ("POST /api/v1/approvals/applications/{pk}/materials", "*"): "one value per form field",
    ("POST /api/v1/performance/rounds/{pk}/reports", "*"): "one value per form field",
    ("POST /api/v1/core/people", "display_name"): "a staff account has a name, an enterprise's may not",
    ("POST /api/v1/core/people", "staff_no"): "a staff number of the zone's staff list",
    ("POST /api/v1/core/people", "credit_code"): "an enterprise user's account names their enterprise",
    ("POST /api/v1/core/people", "username"): "a user name nobody has taken",
    ("POST /api/v1/core/people", "role"): "a manager grants the roles below their own",
    ("POST /api/v1/core/people/{pk}/role", "role"): "a manager grants the roles below their own",
    ("GET /api/v1/projects/problems/statistics", "end"): "a period ends after it starts (two parameters)",
    ("POST /api/v1/services/surveys", "quarter"): "a quarter that has begun",
    ("PUT /api/v1/projects/rules", "start_red_months"): "red comes after yellow (two fields)",
    ("PUT /api/v1/projects/rules", "behind_red_points"): "red comes after yellow (two fields)",
    ("POST /api/v1/services/surveys", "closes_on"): "a survey closes today or later",
    ("POST /api/v1/core/departments", "abolished_on"): "abolished after it was established (two fields)",
    ("POST /api/v1/core/departments", "__all__"): "one active department of a name in a zone",
    ("PATCH /api/v1/core/departments/{pk}", "__all__"): "one active department of a name in a zone",
    ("POST /api/v1/core/enterprises", "credit_code"): "GB 32100's check character",
    ("PATCH /api/v1/core/enterprises/{pk}", "credit_code"): "GB 32100's check character",
    ("PUT /api/v1/planning/parties", "credit_code"): "GB 32100's check character",
    ("POST /api/v1/core/projects", "project_code"): "a project code's month, region and check digit",
    ("PATCH /api/v1/core/projects/{pk}", "project_code"): "a project code's month, region and check digit",
    ("POST /api/v1/emergency/needs", "enterprise"): "staff name the enterprise, an enterprise user does not",
    ("POST /api/v1/emergency/campaigns", "name"): "one open campaign of a name in a city",
    ("POST /api/v1/emergency/campaigns", "starts_on"): "a campaign starts today or earlier",
    ("POST /api/v1/emergency/campaigns", "*"): "a priority class or supply is named once in a campaign",
    ("POST /api/v1/performance/ballots", "code"): "a ballot code is one the tally staff handed out",
    ("POST /api/v1/personnel/registrations", "__all__"): "the candidate's profile is complete first",
    (
        "POST /api/v1/personnel/campaigns",
        "registration_closes",
    ): "registration closes after it opens (two fields)",
    (
        "POST /api/v1/personnel/campaigns/{pk}/openings",
        "__all__",
    ): "openings are added while the campaign is a draft, each code once in it",
    ("POST /api/v1/personnel/competitions", "posts"): "each post once, and a post of the caller's zone",
    ("PUT /api/v1/personnel/campaigns/{pk}", "__all__"): "a campaign is edited while it is a draft",
    ("PUT /api/v1/personnel/campaigns/{pk}", "registration_closes"): "registration closes after it opens",
    # 笔试 after the day registration closes, 面试 after 笔试 (three fields)
    ("POST /api/v1/personnel/campaigns", "written_exam_on"): "the written exam after registration closes",
    ("POST /api/v1/personnel/campaigns", "interview_on"): "the interview after the written exam",
    ("PUT /api/v1/personnel/campaigns/{pk}", "written_exam_on"): "the written exam after registration closes",
    ("PUT /api/v1/personnel/campaigns/{pk}", "interview_on"): "the interview after the written exam",
    ("POST /api/v1/personnel/campaigns/{pk}/finish", "reason"): "a reason when an opening is not concluded",
    ("PUT /api/v1/personnel/openings/{pk}", "__all__"): "a draft's openings, each code once",
    ("DELETE /api/v1/personnel/openings/{pk}", "__all__"): "a draft's openings only",
    ("PUT /api/v1/personnel/candidate/profile", "__all__"): "a correction in flight waits for its version",
    ("POST /api/v1/personnel/my/competition-entries", "post"): "an eligible post, once per competition",
    ("POST /api/v1/personnel/my/competition-entries", "__all__"): "while the competition is open",
    ("DELETE /api/v1/personnel/my/competition-entries/{pk}", "__all__"): "withdrawal while it is open",
    (
        "POST /api/v1/personnel/competitions/{pk}/entries",
        "__all__",
    ): "applications while the competition is open",
    (
        "GET /api/v1/projects/key-projects",
        "industry",
    ): "the filter offers the industries of the projects in reach",
    (
        "PUT /api/v1/planning/plans",
        "start_year",
    ): "a plan's first year comes before its last (two fields), its period overlaps no other plan of the zone",
    ("PUT /api/v1/planning/plans", "end_year"): "a plan runs 3–5 years (two fields)",
    ("PUT /api/v1/planning/plans", "effective_on"): "a plan takes effect within its own period",
    ("POST /api/v1/planning/schemes", "indicators"): "the indicators' weights add up to 100 %",
    ("POST /api/v1/services/requests", "category"): "the zone has a department for the category",
    ("POST /api/v1/planning/bodies", "name"): "one body of a name in being in a zone",
    ("PUT /api/v1/planning/parties", "ends_on"): "a contract ends after it starts (two fields)",
    ("PUT /api/v1/planning/parks", "ends_on"): "a contract ends after it starts (two fields)",
    (
        "POST /api/v1/planning/assessments/{pk}/resolve",
        "value",
    ): "a value entered by hand unless the indicator is excluded (two fields)",
    (
        "POST /api/v1/planning/assessments/{pk}/resolve",
        "evidence",
    ): "a hand-entered value names its source, an exclusion its reason",
    (
        "POST /api/v1/planning/assessments/{pk}/resolve",
        "__all__",
    ): "a draft result only: published results are not changed",
    (
        "POST /api/v1/approvals/applications/{pk}/special",
        "limit_days",
    ): "at most the item's own special-procedure bound (catalog data); 委托评估 at most 30 working days",
    ("POST /api/v1/approvals/applications/{pk}/extend", "days"): "at most the item's legal extension",
}
# what ``core.schemas.Id`` publishes
ID_BOUNDS = {"exclusiveMinimum": 0, "maximum": 2**63 - 1}


def _resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema.raw_schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _is_id(node) -> bool:
    node = _resolve(node)
    if not isinstance(node, dict):
        return False
    if node.get("type") == "integer" and all(node.get(k) == v for k, v in ID_BOUNDS.items()):
        return True
    return any(_is_id(n) for key in ("anyOf", "allOf", "oneOf") for n in node.get(key, []))


def id_fields(operation) -> set[str]:
    """The names of the query parameters and body fields of ``operation`` that are row ids (``core.schemas.Id``),
    nested ones written as the problem document writes them (``items.0.project``)."""
    raw = operation.definition.raw
    names = {p["name"] for p in raw.get("parameters", []) if _is_id(p.get("schema"))}

    def walk(node, prefix: str):
        node = _resolve(node)
        if not isinstance(node, dict):
            return
        for key in ("anyOf", "allOf", "oneOf"):
            for n in node.get(key, []):
                walk(n, prefix)
        if "items" in node:
            walk(node["items"], prefix + r"\d+.")
        for name, sub in (node.get("properties") or {}).items():
            if _is_id(sub) or _is_id((_resolve(sub) or {}).get("items")):  # an id, or a list of ids
                names.add(prefix + name)
            walk(sub, prefix + name + ".")

    for content in (raw.get("requestBody") or {}).get("content", {}).values():
        walk(content.get("schema"), "")
    return names


def accepts_what_it_publishes(case, response) -> None:
    """schemathesis's "a schema-valid request is accepted" (``positive_data_acceptance``), with the two refusals a
    schema cannot rule out: a row id that names no row in the caller's reach (a 400 on that field), and the
    domain rules listed in ``DOMAIN_RULES``."""
    if (
        case.meta is None
        or not case.meta.generation.mode.is_positive
        or response.status_code not in (400, 422)
    ):
        return
    problem = response.json()
    ids = id_fields(case.operation)
    refused = problem.get("errors") or {"__all__": [problem.get("title")]}
    unexplained = {
        field: messages
        for field, messages in refused.items()
        if not any(re.fullmatch(name, field) for name in ids)
        and not {(case.operation.label, field), (case.operation.label, "*")} & DOMAIN_RULES.keys()
    }
    assert not unexplained, (
        f"{case.operation.label} refused a request its published schema allows ({response.status_code}): "
        f"{unexplained}; query {case.query}, body {case.body}"
    )


def with_nul(value):
    """``value`` with a NUL character inside every string it holds (keys stay as they are)."""
    if isinstance(value, str):
        return value[:1] + "\x00" + value[1:]
    if isinstance(value, dict):
        return {k: with_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_nul(v) for v in value]
    return value


def holds_text(value) -> bool:
    if isinstance(value, dict):
        return any(holds_text(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_text(v) for v in value)
    return isinstance(value, str)


@pytest.mark.parametrize("operation", WRITES, ids=operation_ids, indirect=True)
def test_a_nul_character_in_any_text_of_a_json_body_is_refused_and_nothing_is_stored(operation, tokens):
    """PostgreSQL refuses text with a NUL character (a 503 from the database), SQLite stores it: every text a
    JSON body carries goes through the shared text types (``core.schemas``), which refuse it first, so the body
    is refused with a 4xx on either database and no statement writes a row."""
    # generated bodies only: schemathesis's coverage phase (its boundary values, run as explicit examples) is the
    # other test's business, and here every case would only carry the same NUL again
    only_generated = settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        phases=[Phase.generate],
    )
    operation(lambda case: nul_refused(case, tokens), only_generated)()


def nul_refused(case, tokens) -> None:
    from django.db import connection

    if case.media_type != "application/json" or not holds_text(case.body):
        return
    case.body = with_nul(case.body)
    token = tokens[CALLERS[zlib.crc32(case.operation.label.encode()) % len(CALLERS)]]  # made before recording
    writes = []

    def record_writes(execute, sql, params, many, context):
        if WRITE.match(sql) and not RECORDS.search(sql):
            writes.append(sql[:120])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record_writes):
        response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert 400 <= response.status_code < 500, (
        case.operation.label,
        case.body,
        response.status_code,
        response.text,
    )
    assert writes == [], (case.operation.label, writes)


# A statement that writes rows; the audit trail and the access log record the refusal, the cache table counts it
# for the rate limits and the token notes when it was last used.
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.I)
RECORDS = re.compile(r'"(core_auditevent|core_accesslog|devzone_cache|core_apitoken)"')


def test_each_schema_name_in_the_description_belongs_to_one_class():
    """The description names a component by its class name: two classes of one name (an ``AppealIn`` in two
    modules) would publish one operation with the other's body."""
    import devzone.urls  # noqa: F401  (every router and its schemas)

    names: dict[str, set[str]] = {}

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("devzone"):
                names.setdefault(sub.__name__, set()).add(f"{sub.__module__}.{sub.__qualname__}")
            walk(sub)

    walk(BaseModel)
    assert {n: c for n, c in names.items() if len(c) > 1} == {}
