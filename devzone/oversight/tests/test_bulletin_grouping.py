"""The reform bulletin prints a figure with thousands grouped (222,405 个; the page and its files read
``value_text``; emergency's tests check its masks figure on the page and in the Word file)."""

import pytest

from devzone.oversight.selectors import value_text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(222405, "个", "222,405 个"), ("1234.50", "亿元", "1,234.50 亿元"), ("41.3", "%", "41.3%")]
    + [("4200", ":1", "4,200:1"), (12, "", "12")],
)
def test_value_text_groups_thousands(value, unit, text):
    from decimal import Decimal

    from devzone.core import registry

    v = value if isinstance(value, int) else Decimal(value)
    fig = registry.Figure(section="s", key="k", label="l", value=v, unit=unit)
    assert value_text(fig) == text
