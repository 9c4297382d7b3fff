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


PLACES = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "台湾",
    "济南",
    "青岛",
    "烟台",
    "潍坊",
    "淄博",
    "济宁",
    "临沂",
    "德州",
    "聊城",
    "泰安",
    "威海",
    "日照",
    "滨州",
    "东营",
    "菏泽",
    "枣庄",
    "深圳",
    "广州",
    "东莞",
    "佛山",
    "珠海",
    "厦门",
    "泉州",
    "福州",
    "苏州",
    "南京",
    "无锡",
    "杭州",
    "宁波",
    "合肥",
    "武汉",
    "成都",
    "西安",
    "郑州",
    "长沙",
    "沈阳",
    "大连",
    "中国",
)
_PLACE = re.compile("(" + "|".join(sorted(PLACES, key=len, reverse=True)) + ")[省市区县]?")


def name_stem(name: str) -> str:
    """The distinctive part of a company name: its key without place names (上海瑞丰机械 and 瑞丰机械（上海）
    share 瑞丰机械), for suggesting leads that may be the same firm registered under another name."""
    return _PLACE.sub("", name_key(name))
