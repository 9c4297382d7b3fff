"""The automatic pre-check of a registration against its opening's requirements (the reviewer decides; this lists
what does not match). Age is counted in full years on the day registration closes, as announcements state it:
an opening's ``age_max`` of 35 admits whoever is 35 or under on that day (35周岁及以下), that is whoever was born on
or after ``born_on_or_after(35, closes)`` — the portal prints the rule and that date, the pre-check applies it."""

from __future__ import annotations

import datetime as dt
import re

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


# What separates the majors an opening lists (专业要求): the enumeration comma and the other commas, semicolons and
# slashes announcements use. A major is met by its whole name only: "学" does not meet "经济学、金融学".
MAJOR_SEPARATORS = re.compile(r"[、，,;；/／|]+")


def _majors(text: str) -> list[str]:
    return [m.strip() for m in MAJOR_SEPARATORS.split(text or "") if m.strip()]


def major_met(required: str, major: str) -> bool:
    """Whether the candidate's ``major`` is one of the ``required`` majors by its whole name (blanks ignored; no
    requirement is met by anyone). A candidate naming more than one major (辅修, 双学位) meets it with any."""
    wanted = {"".join(m.split()) for m in _majors(required)}
    if not wanted:
        return True
    return any("".join(m.split()) in wanted for m in _majors(major))


def precheck(opening, candidate, *, closes: dt.date) -> list[dict]:
    """Each requirement the candidate's profile does not meet, as a code and its figures (``{"code": "age",
    "n": 35}``); empty when all are met. Kept on the registration and read by the reviewer and the candidate,
    each in their own language: ``reasons`` writes them at read time."""
    problems: list[dict] = []
    if EDUCATION_ORDER.index(candidate.education) < EDUCATION_ORDER.index(opening.education_min):
        problems.append({"code": "education", "need": opening.education_min})
    if opening.age_max and age_on(candidate.birth_date, closes) > opening.age_max:
        problems.append({"code": "age", "n": opening.age_max})
    if candidate.experience_years < opening.experience_years:
        problems.append({"code": "experience", "n": opening.experience_years})
    if opening.party_member_only and candidate.political != Political.PARTY:
        problems.append({"code": "party"})
    if not major_met(opening.majors, candidate.major):
        problems.append({"code": "major", "majors": "、".join(_majors(opening.majors))})
    return problems


def reason(item) -> str:
    """One pre-check finding in the language of the reader (the active one). A finding stored as text before the
    pre-check kept codes reads as it was written."""
    if not isinstance(item, dict):
        return str(item)
    code = item.get("code")
    if code == "education":
        try:
            need = Education(item.get("need")).label
        except ValueError:
            need = item.get("need", "")
        return _("学历要求%(need)s及以上") % {"need": need}
    if code == "age":
        return _("年龄应在%(n)d周岁以下") % {"n": int(item.get("n") or 0)}
    if code == "experience":
        return _("需%(n)d年以上工作经历") % {"n": int(item.get("n") or 0)}
    if code == "party":
        return _("限中共党员")
    if code == "major":
        return _("专业应为：%(m)s") % {"m": item.get("majors", "")}
    return str(code or "")


def reasons(items) -> list[str]:
    """Every finding of a registration's stored pre-check, in the reader's language."""
    return [reason(item) for item in items or ()]


def reasons_text(items) -> str:
    """The findings as one line in the reader's language, the separator included (“；” in Chinese, "; " in
    English: the msgid "；", as the other modules join their parts)."""
    return _("；").join(reasons(items))


def reasons_in_site_language(items) -> list[str]:
    """The findings as a note kept on a row (a screening reason), in the site's language (``settings.LANGUAGE_CODE``)
    like every stored note."""
    with translation.override(settings.LANGUAGE_CODE):
        return reasons(items)
