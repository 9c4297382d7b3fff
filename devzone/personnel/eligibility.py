"""The automatic pre-check of a registration against its opening's requirements (the reviewer decides; this lists
what does not match). Age is counted in full years on the day registration closes, as announcements state it:
an opening's ``age_max`` of 35 admits whoever is 35 or under on that day (35周岁及以下), that is whoever was born on
or after ``born_on_or_after(35, closes)`` — the portal prints the rule and that date, the pre-check applies it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from devzone.core.choices import Education
from devzone.personnel.choices import EDUCATION_ORDER, Political
from devzone.personnel.identity import age_on


def born_on_or_after(age_max: int, closes: dt.date) -> dt.date:
    """The earliest birth date that is ``age_max`` or under on ``closes`` (``age_on``): the day after the one that
    is ``age_max + 1`` years before it (a closing day of 29 February counts from 28 February of a common year,
    whose next day, 1 March, is the first admitted — ``age_on`` ages a 29 February birthday on 1 March)."""
    year = closes.year - age_max - 1
    try:
        oldest = closes.replace(year=year)
    except ValueError:  # 29 February in a common year
        oldest = dt.date(year, 2, 28)
    return oldest + dt.timedelta(days=1)


def _majors(text: str) -> list[str]:
    return [m.strip() for m in text.replace("，", "、").replace(",", "、").split("、") if m.strip()]


def precheck(opening, candidate, *, closes: dt.date) -> list[str]:
    """Each requirement the candidate's profile does not meet; empty when all are met. Kept on the registration
    and read by the reviewer as much as by the candidate, so written in the site's language
    (``settings.LANGUAGE_CODE``), not in that of the candidate's request."""
    with translation.override(settings.LANGUAGE_CODE):
        return _problems(opening, candidate, closes)


def _problems(opening, candidate, closes: dt.date) -> list[str]:
    problems = []
    if EDUCATION_ORDER.index(candidate.education) < EDUCATION_ORDER.index(opening.education_min):
        problems.append(_("学历要求%(need)s及以上") % {"need": Education(opening.education_min).label})
    if opening.age_max and age_on(candidate.birth_date, closes) > opening.age_max:
        problems.append(_("年龄应在%(n)d周岁以下") % {"n": opening.age_max})
    if candidate.experience_years < opening.experience_years:
        problems.append(_("需%(n)d年以上工作经历") % {"n": opening.experience_years})
    if opening.party_member_only and candidate.political != Political.PARTY:
        problems.append(_("限中共党员"))
    majors = _majors(opening.majors)
    if majors and not any(m in candidate.major or candidate.major in m for m in majors):
        problems.append(_("专业应为：%(m)s") % {"m": "、".join(majors)})
    return problems
