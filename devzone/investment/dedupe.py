"""One firm, one lead: the key a company name is matched by (plain Python, no Django).

Names are written many ways: full-width or half-width brackets and letters, spaces, the legal form (有限公司,
股份有限公司, 有限责任公司) sometimes left out. The key folds all of that away."""

from __future__ import annotations

import re
import unicodedata

LEGAL_FORMS = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "集团公司", "公司")
_DROP = re.compile(r"[\s\(\)\[\]（）【】·・.,，。、\-—_'\"“”‘’]+")


def name_key(name: str) -> str:
    """The matching key of a company name: NFKC-folded, lower-case, without spaces, brackets or punctuation
    and without a trailing legal form. Idempotent."""
    key = unicodedata.normalize("NFKC", name or "").lower()
    key = _DROP.sub("", key)
    changed = True
    while changed:
        changed = False
        for form in LEGAL_FORMS:
            if key.endswith(form) and len(key) > len(form):
                key = key[: -len(form)]
                changed = True
                break
    return key[:100]
