"""Unified social credit codes (统一社会信用代码) and investment project codes (投资项目统一代码).

The samples are real identifiers from /work/shared/data/code_samples.yaml, copied here (the app never reads
outside its own tree)."""

import datetime as dt

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from devzone.core import regions as region_data
from devzone.core.bench import REFERENCE_DAY
from devzone.core.codes import (
    CREDIT_AUTHORITY_KINDS,
    CREDIT_CHARSET,
    CodeError,
    make_credit_code,
    make_project_code,
    parse_project_code,
    validate_credit_code,
)

VALID_CREDIT_CODES = [
    ("914403001922038216", "华为技术有限公司"),
    ("91350100M000100Y43", "worked example of GB 32100"),
    ("11370400MB2857657X", "枣庄市行政审批服务局"),
    ("123701004944199516", "济南市生态环境局高新区分局"),
]

# Codes that circulate on the web and in sample data: each fails, for the reason given.
INVALID_CREDIT_CODES = [
    ("91350100M000100Y4Z", "charset"),  # Z is not in the 31-character set
    ("91110108717809965C", "check"),
    ("9133010057462616XH", "check"),
    ("914403001870826678", "check"),
    ("91110000800088421P", "check"),
]

NEW_FORMAT_PROJECT_CODES = [
    ("2412-370829-04-01-158696", 2024, 12, "370829"),  # 嘉祥县 水泥制品项目
    ("2505-330354-04-01-274607", 2025, 5, "330354"),  # 温州 生态景观建设项目
]
OLD_FORMAT_PROJECT_CODES = [
    ("2019-370104-84-03-076425", 2019, "370104"),  # 济南 医院项目 备案
    ("2018-370481-33-03-047024", 2018, "370481"),  # 滕州 机械零部件项目
]


@pytest.mark.parametrize(("code", "owner"), VALID_CREDIT_CODES)
def test_it_accepts_real_credit_codes(code, owner):
    assert validate_credit_code(code) == code


def test_it_normalizes_case_and_spaces_of_credit_codes():
    assert validate_credit_code("  91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize(("code", "reason"), INVALID_CREDIT_CODES)
def test_it_rejects_circulating_bad_credit_codes_with_the_reason(code, reason):
    with pytest.raises(CodeError) as exc:
        validate_credit_code(code)
    assert exc.value.code == reason
    assert "统一社会信用代码" in exc.value.reason


@pytest.mark.parametrize(
    ("code", "reason", "words"),
    [
        ("9135010", "length", "18位"),
        ("91350100M000100Y43X", "length", "18位"),
        ("91350100M000100I43", "charset", "I"),
        ("01350100M000100Y43", "kind", "登记管理部门"),
        ("9A350100M000100Y43", "kind", "9A"),
        ("9135A100M000100Y43", "region", "行政区划"),
    ],
)
def test_it_says_why_a_credit_code_is_malformed(code, reason, words):
    with pytest.raises(CodeError) as exc:
        validate_credit_code(code)
    assert exc.value.code == reason
    assert words in exc.value.reason


def test_it_checks_the_embedded_organization_code():
    # A code whose 18th character is right for the first 17 but whose organization code (9–17) is not.
    from devzone.core.codes import credit_check_char

    first17 = "91370100" + "12345678" + "0"  # 12345678's own check character is 8, not 0
    with pytest.raises(CodeError) as exc:
        validate_credit_code(first17 + credit_check_char(first17))
    assert exc.value.code == "org_check"


@pytest.mark.parametrize(("code", "year", "month", "region"), NEW_FORMAT_PROJECT_CODES)
def test_it_accepts_real_new_format_project_codes(code, year, month, region):
    parsed = parse_project_code(code)
    assert (parsed.format, parsed.year, parsed.month, parsed.region) == ("gbt40058", year, month, region)


@pytest.mark.parametrize(("code", "year", "region"), OLD_FORMAT_PROJECT_CODES)
def test_it_accepts_real_legacy_project_codes(code, year, region):
    parsed = parse_project_code(code)
    assert (parsed.format, parsed.year, parsed.month, parsed.region) == ("legacy", year, None, region)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("2412-370829-04-01-158697", "check"),  # last digit changed
        ("2412-37082-04-01-158696", "format"),  # region one digit short
        ("2412370829040115869 6", "format"),
        ("2413-370829-04-01-158696", "month"),
        ("2013-370104-84-03-076425", "year"),  # legacy year before 2014
        ("2021-370104-84-03-076425", "year"),  # reads as legacy 2021, after the switch
        ("2010-370829-04-01-158696", "format_date"),  # new format dated 2020-10, before it existed
        ("", "format"),
    ],
)
def test_it_rejects_bad_project_codes_with_the_reason(code, reason):
    with pytest.raises(CodeError) as exc:
        parse_project_code(code)
    assert exc.value.code == reason
    assert "项目代码" in exc.value.reason


# --- properties ------------------------------------------------------------------------------------
credit_prefixes = st.sampled_from(sorted(a + k for a, kinds in CREDIT_AUTHORITY_KINDS.items() for k in kinds))
regions = st.text(alphabet="0123456789", min_size=6, max_size=6)
# Project codes carry a GB/T 2260 division in use in their year: those in use from 2014 to now.
project_regions = st.sampled_from(
    sorted(
        c
        for c, ds in region_data.divisions().items()
        if any(d.valid_from <= 2014 and d.valid_to is None for d in ds)
    )
)
org_bodies = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8)


@given(prefix=credit_prefixes, region=regions, body=org_bodies)
def test_make_credit_code_always_validates(prefix, region, body):
    code = make_credit_code(prefix, region, body)
    assert len(code) == 18
    assert validate_credit_code(code) == code


@given(
    prefix=credit_prefixes,
    region=regions,
    body=org_bodies,
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from(CREDIT_CHARSET + "IOSVZ-* "),
)
def test_changing_any_one_character_of_a_credit_code_makes_it_invalid(
    prefix, region, body, position, replacement
):
    code = make_credit_code(prefix, region, body)
    assume(code[position] != replacement)
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(CodeError):
        validate_credit_code(changed)


FAR = dt.date(2099, 12, 31)  # property tests: any month of the format may already have passed
yymm = st.builds(
    lambda y, mo: f"{y:02d}{mo:02d}",
    st.integers(min_value=20, max_value=99),
    st.integers(min_value=1, max_value=12),
).filter(lambda s: s >= "2011")
two_digits = st.text(alphabet="0123456789", min_size=2, max_size=2)
serials = st.text(alphabet="0123456789", min_size=5, max_size=5)


@given(yymm=yymm, region=project_regions, dd=two_digits, tt=two_digits, serial=serials)
def test_make_project_code_round_trips(yymm, region, dd, tt, serial):
    code = make_project_code(yymm, region, dd, tt, serial)
    parsed = parse_project_code(code, today=FAR)
    assert parsed.code == code
    assert parsed.format == "gbt40058"
    assert (parsed.year, parsed.month) == (2000 + int(yymm[:2]), int(yymm[2:]))
    assert parsed.region == region
    assert code.replace("-", "")[:-1] == f"{yymm}{region}{dd}{tt}{serial}"


@given(
    yymm=yymm,
    region=project_regions,
    dd=two_digits,
    tt=two_digits,
    serial=serials,
    position=st.integers(min_value=5, max_value=23),
    digit=st.sampled_from("0123456789"),
)
def test_changing_one_digit_after_the_date_breaks_a_project_code(
    yymm, region, dd, tt, serial, position, digit
):
    # MOD 11,10 catches every single-digit error in the 20 digits (the date group is left alone: changing
    # it can turn a code into a well-formed legacy code, which has no check digit).
    code = make_project_code(yymm, region, dd, tt, serial)
    assume(code[position] != "-" and code[position] != digit)
    changed = code[:position] + digit + code[position + 1 :]
    with pytest.raises(CodeError) as exc:
        parse_project_code(changed, today=FAR)
    assert exc.value.code == "check"


def test_a_project_code_dated_after_today_is_refused():
    code = make_project_code("2701", "370115", "04", "01", "12345")
    with pytest.raises(CodeError) as exc:
        parse_project_code(code, today=dt.date(2026, 12, 4))
    assert exc.value.code == "future" and "2027年1月" in exc.value.reason
    assert parse_project_code(code, today=dt.date(2027, 1, 1)).year == 2027  # issued that month: fine
    assert parse_project_code(
        make_project_code("2612", "370115", "04", "01", "12345"), today=dt.date(2026, 12, 4)
    )


@pytest.mark.django_db
@given(
    signed=st.dates(min_value=dt.date(2016, 1, 1), max_value=REFERENCE_DAY),  # loadgen's signing dates
    division=st.integers(min_value=1, max_value=97),
)
@example(signed=dt.date(2016, 5, 1), division=97)  # 国际组织 before GB/T 4754-2017
@settings(max_examples=200)
def test_loadgen_project_codes_are_valid_for_their_year(signed, division):
    """The load generator's codes pass the validator in every year, 国际组织 (97 in GB/T 4754-2017, 96 before)
    included: a 50,000-project load once stopped on 2016-…-97-…."""
    import random

    from devzone.core.loadgen import _ProjectCodes

    code = _ProjectCodes().next(random.Random(1), signed, f"{division:02d}10")
    parse_project_code(code)  # raises CodeError on an invalid code
