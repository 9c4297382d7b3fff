"""GB 11643 identity numbers: the standard's own examples, each way a number can be wrong, and properties."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devzone.personnel.identity import IdentityError, age_on, check_char, make_identity, parse_identity

TODAY = dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("number", "born", "male"),
    [
        ("11010519491231002X", dt.date(1949, 12, 31), False),  # GB 11643-1999, annex example
        ("440524198001010013", dt.date(1980, 1, 1), True),
        ("370115199602290071", dt.date(1996, 2, 29), True),  # a leap day, 济阳区
    ],
)
def test_valid_numbers_parse_to_birth_date_and_sex(number, born, male):
    identity = parse_identity(number, today=TODAY)
    assert identity.birth_date == born
    assert identity.male is male
    assert identity.region == number[:6]


def test_the_standards_example_check_character_is_x():
    assert check_char("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("11010519491231002", "18位"),  # too short
        ("01010519491231002X", "18位"),  # leading zero: no province starts with 0
        ("1101051949123100AX", "18位"),
        ("110105194902300021", "不是有效日期"),  # 30 February
        ("110105202712010011", "不可能"),  # born after today
        ("110105189912310011", "不可能"),  # before 1900
        ("110105194912310021", "校验位"),  # wrong check digit
    ],
)
def test_wrong_numbers_say_what_is_wrong(raw, fragment):
    with pytest.raises(IdentityError, match=fragment):
        parse_identity(raw, today=TODAY)


def test_lower_case_x_spaces_and_full_width_digits_are_accepted():
    assert parse_identity(" 11010519491231002x ", today=TODAY).number == "11010519491231002X"
    assert parse_identity("１１０１０５１９４９１２３１００２Ｘ", today=TODAY).number == "11010519491231002X"


@given(
    region=st.integers(110000, 659999).map(str),
    born=st.dates(dt.date(1900, 1, 1), TODAY),
    sequence=st.integers(0, 999),
)
def test_every_made_number_parses_back(region, born, sequence):
    identity = parse_identity(make_identity(region, born, sequence), today=TODAY)
    assert (identity.region, identity.birth_date, identity.male) == (region, born, sequence % 2 == 1)


@given(
    number=st.builds(
        make_identity, st.just("370112"), st.dates(dt.date(1950, 1, 1), TODAY), st.integers(0, 999)
    ),
    position=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_changing_any_one_digit_is_caught(number, position, delta):
    """MOD 11-2 catches every single-digit error (the date check may catch it first)."""
    digit = (int(number[position]) + delta) % 10
    wrong = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(IdentityError):
        parse_identity(wrong, today=TODAY)


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (dt.date(1990, 6, 15), dt.date(2026, 6, 14), 35),
        (dt.date(1990, 6, 15), dt.date(2026, 6, 15), 36),
        (dt.date(1996, 2, 29), dt.date(2026, 2, 28), 29),
        (dt.date(1996, 2, 29), dt.date(2026, 3, 1), 30),
    ],
)
def test_age_in_full_years(born, day, age):
    assert age_on(born, day) == age
