"""The API's shared types (core.schemas) refuse what the published schema does not allow, whatever pydantic's
lax mode would take."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from devzone.core.schemas import Date, Day, LongText, Money, Name, Percent, Text

DAY, DATE = TypeAdapter(Day), TypeAdapter(Date)


@pytest.mark.parametrize(
    "value", [0, "0", 1764547200, "1764547200", "-1", "2026-1-5", "2026-11-22T00:00:00", ""]
)
def test_a_date_is_written_as_the_schema_says_never_a_number_of_seconds(value):
    # pydantic alone reads 0 as 1970-01-01: ?start=0 gave a year of statistics from 1970 (schemathesis, issue 17)
    for adapter in (DAY, DATE):
        with pytest.raises(ValidationError):
            adapter.validate_python(value)


def test_a_day_is_of_the_platforms_time_and_a_date_of_any_year():
    assert DAY.validate_python("2026-11-22") == dt.date(2026, 11, 22)
    assert DAY.validate_python(" 2026-11-22 ") == dt.date(2026, 11, 22)
    with pytest.raises(ValidationError):
        DAY.validate_python("1991-03-08")
    assert DATE.validate_python("1968-05-01") == dt.date(1968, 5, 1)  # a birth date
    assert DATE.validate_python(dt.date(1991, 3, 8)) == dt.date(1991, 3, 8)


@pytest.mark.parametrize("adapter", [TypeAdapter(Text), TypeAdapter(LongText)])
def test_a_text_refuses_a_nul_character_and_is_stripped(adapter):
    with pytest.raises(ValidationError):
        adapter.validate_python("济北\x00")
    assert adapter.validate_python("  济北  ") == "济北"


MONEY, PERCENT, NAME = TypeAdapter(Money), TypeAdapter(Percent), TypeAdapter(Name(20))


@pytest.mark.parametrize("value", ["1e3", "", " 12", "1,000", "12.345", "-1", True, 1.234, 10**12, "NaN"])
def test_an_amount_refuses_what_its_published_schema_refuses(value):
    # pydantic alone takes "1e3", " 12" and true (as 1); the description publishes digits, a point, two decimals
    with pytest.raises(ValidationError):
        MONEY.validate_python(value)


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_every_amount_the_schema_allows_is_taken_as_text_and_as_a_number(amount):
    schema = MONEY.json_schema()
    text = str(amount)
    assert re.fullmatch(schema["pattern"], text)
    assert MONEY.validate_python(text) == amount
    # a JSON number arrives as a float: 0.57 may be 0.5700000000000001, and is still 0.57
    if abs(amount) < 10**9:
        assert MONEY.validate_python(float(amount)) == amount


@pytest.mark.parametrize("text", ["100", "100.0", "100.00", "0", "99.99", "5.5"])
def test_a_percent_text_the_pattern_allows_is_accepted(text):
    assert re.fullmatch(PERCENT.json_schema()["pattern"], text)
    assert PERCENT.validate_python(text) == Decimal(text)


@pytest.mark.parametrize("text", ["100.01", "101", "-0.5", "1000"])
def test_a_percent_outside_0_to_100_is_refused_by_the_pattern_and_the_server(text):
    assert not re.fullmatch(PERCENT.json_schema()["pattern"], text)
    with pytest.raises(ValidationError):
        PERCENT.validate_python(text)


@pytest.mark.parametrize("value", ["", "   ", "\u3000", "规划\x00部"])
def test_a_name_must_be_given_and_its_pattern_says_so(value):
    assert not re.fullmatch(NAME.json_schema()["pattern"], value)
    with pytest.raises(ValidationError):
        NAME.validate_python(value)
    assert NAME.validate_python(" 规划部 ") == "规划部"


@pytest.mark.django_db
def test_the_api_refuses_a_repeated_parameter_a_true_id_and_answers_json_for_a_path_with_a_newline(
    client_for, zone_a_leader
):
    client = client_for(zone_a_leader)
    twice = client.get("/api/v1/core/projects?page=1&page=2")
    assert twice.status_code == 422 and twice.json()["errors"] == {"page": ["只能给出一个值"]}
    true_zone = client.post(
        "/api/v1/core/departments", {"zone": True, "name": "规划部"}, content_type="application/json"
    )
    assert true_zone.status_code == 422 and "zone" in true_zone.json()["errors"]
    newline = client.post("/api/v1/core/people/%0A/role", {}, content_type="application/json")
    assert newline.status_code == 404 and newline["Content-Type"].startswith("application/problem+json")


def test_the_types_refuse_in_the_callers_language():
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError, match="year-month-day"):
        DAY.validate_python("0")
    with translation.override("zh-hans"), pytest.raises(ValidationError, match="日期应在2000年至2100年之间"):
        DAY.validate_python("1991-03-08")


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[null, null]", "5", '"rules"', "null"])
def test_a_json_body_that_is_not_an_object_is_refused_and_changes_nothing(client_for, zone_a_leader, body):
    # the rules' fields are all optional: ninja read a list as "no change" and answered 200 (schemathesis)
    client = client_for(zone_a_leader)
    client.get("/api/v1/projects/rules")  # the zone's rules row is made on its first reading
    before = client.get("/api/v1/projects/rules").json()
    refused = client.put("/api/v1/projects/rules", body, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["title"] == "请求体须为JSON对象"
    assert client.get("/api/v1/projects/rules").json() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, body, field",
    [
        # a row's version (core.schemas.Version): pydantic alone read true as version 1
        ("/api/v1/approvals/applications/1/withdraw", {"version": True}, "version"),
        ("/api/v1/services/requests/1/close", {"version": True}, "version"),
        ("/api/v1/powers/lists/1/publish", {"version": True}, "version"),
        (
            "/api/v1/planning/bodies/1/abolish",
            {"on": "2026-01-05", "document": "撤1号", "version": True},
            "version",
        ),
        (
            "/api/v1/planning/bodies/1/abolish",
            {"on": "2026-01-05", "document": "撤1号", "version": -1},
            "version",
        ),
        # a 好差评 level: true was 1, 非常不满意
        ("/api/v1/services/followups/1/rating", {"level": True}, "level"),
        # a decision is a yes or no, and its words must be given
        ("/api/v1/services/appeals/1/decide", {"upheld": 1, "decision": "成立"}, "upheld"),
        ("/api/v1/core/tokens", {"name": "脚本", "read_only": 1}, "read_only"),
        ("/api/v1/investment/leads", {"company_name": "甲公司", "is_local": "yes"}, "is_local"),
        ("/api/v1/services/appeals/1/decide", {"upheld": True, "decision": "  "}, "decision"),
        ("/api/v1/performance/appeals/1/decide", {"new_grade": "A+", "decision": "改为优秀"}, "new_grade"),
    ],
)
def test_a_body_is_refused_on_its_field_before_any_row_is_read(client_for, zone_a_leader, path, body, field):
    refused = client_for(zone_a_leader).post(path, body, content_type="application/json")
    assert refused.status_code == 422 and field in refused.json()["errors"], refused.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "entered, field",
    [
        ({"indicator": 1, "value": "", "evidence": "统计年报"}, "entered.0.value"),
        ({"indicator": 1, "value": "12.5", "evidence": "报" * 201}, "entered.0.evidence"),  # its column: 200
        ({"indicator": True, "value": "12.5", "evidence": "统计年报"}, "entered.0.indicator"),
    ],
)
def test_a_planning_value_with_a_blank_or_over_long_text_is_refused(client_for, city_officer, entered, field):
    refused = client_for(city_officer).post(
        "/api/v1/planning/schemes/1/score", {"zone": 1, "entered": [entered]}, content_type="application/json"
    )
    assert refused.status_code == 422 and field in refused.json()["errors"], refused.json()
