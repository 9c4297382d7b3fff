"""Chinese dates as people write them: 2026年11月2日, 11月2日 (Django's own month-day format pads the month)."""

DATE_FORMAT = "Y年n月j日"
MONTH_DAY_FORMAT = "n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
