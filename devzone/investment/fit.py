"""Industry fit (产业定位): does a lead's industry belong to one of the zone's leading industries? Plain Python.

A leading industry is a GB/T 4754 section (门类, one letter: "C" 制造业) or a division (大类, two digits: "14"
食品制造业). A lead's industry is a division; it fits a leading section when it lies in that section and a leading
division when it is that division."""

from __future__ import annotations

from collections.abc import Iterable


def fits(division: str, section: str, leading: Iterable[str]) -> bool:
    for code in leading:
        if len(code) == 1 and code == section:
            return True
        if code == division:
            return True
    return False
