"""The 双一流 list (data/double_first_class.txt, with its source in the file's header) and school-name matching:
full- and half-width brackets and spaces do not matter, and former names count."""

from __future__ import annotations

from functools import cache
from pathlib import Path

LIST = Path(__file__).parent / "data" / "double_first_class.txt"


def normalize(name: str) -> str:
    return (name or "").strip().replace(" ", "").replace("\u3000", "").replace("(", "（").replace(")", "）")


@cache
def double_first_class() -> frozenset[str]:
    names: set[str] = set()
    for line in LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names.update(normalize(n) for n in line.replace("=", "|").split("|"))
    return frozenset(names)


def is_double_first_class(school: str) -> bool:
    return normalize(school) in double_first_class()
