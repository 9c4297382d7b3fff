"""行政区划代码 (GB/T 2260) with the years each code was in use. Plain module, free of Django.

The list is data, not code: ``devzone/core/data/gbt2260.csv`` (code, name, valid_from, valid_to), compiled from
the CC0 dataset https://github.com/yescallop/areacodes (``result.csv``), which collects the Ministry of Civil
Affairs' yearly lists 中华人民共和国县级以上行政区划代码 (1981 onwards) and its change notices. Each year of
that dataset is the list as of 31 December; ``valid_to`` is the year in which the code stopped being used
(empty: still in use). ``region_codes_extra.csv`` beside it holds region codes the national investment project
platform uses that are not in GB/T 2260 (statistical codes of functional areas such as development zones),
each with its source. ``devzone region_codes --from result.csv`` rebuilds the main file from a newer copy of
the dataset (docs/approvals.md).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MAIN_FILE = DATA_DIR / "gbt2260.csv"
EXTRA_FILE = DATA_DIR / "region_codes_extra.csv"
HEADER = ("code", "name", "valid_from", "valid_to")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    valid_from: int
    valid_to: int | None  # the year the code stopped being used; None: in use

    def in_use_during(self, year: int) -> bool:
        """In use at some time of ``year``: the list is a year-end snapshot and a code dated by its year
        (or month) may come from before or after a change made that year, so both ends count."""
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


def _read(path: Path) -> list[Division]:
    if not path.exists():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    out = []
    for row in csv.DictReader(lines):
        to = (row.get("valid_to") or "").strip()
        out.append(Division(row["code"], row["name"], int(row["valid_from"]), int(to) if to else None))
    return out


@cache
def divisions() -> dict[str, tuple[Division, ...]]:
    """Every known code with its periods of use (a code can be used again after a gap)."""
    table: dict[str, list[Division]] = {}
    for d in _read(MAIN_FILE) + _read(EXTRA_FILE):
        table.setdefault(d.code, []).append(d)
    return {code: tuple(sorted(ds, key=lambda d: d.valid_from)) for code, ds in table.items()}


@cache
def last_year() -> int:
    """The last year the data covers; later years are checked against that year's list."""
    return max(d.valid_from for ds in divisions().values() for d in ds)


def division_at(code: str, year: int) -> Division | None:
    """The division coded ``code`` in use during ``year`` (or, after the data's last year, in use then)."""
    year = min(year, last_year())
    for d in divisions().get(code, ()):
        if d.in_use_during(year):
            return d
    return None


def known_periods(code: str) -> tuple[Division, ...]:
    return divisions().get(code, ())


def convert_areacodes(text: str, source: str) -> str:
    """yescallop/areacodes ``result.csv`` (代码, 名称, 启用时间, 变更/弃用时间 …) → our compact file."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"代码", "名称", "启用时间", "变更/弃用时间"} - set(reader.fieldnames or ())
    if missing:
        raise ValueError(f"not an areacodes result.csv: missing columns {', '.join(sorted(missing))}")
    rows = sorted(
        {(r["代码"], r["名称"], r["启用时间"], r["变更/弃用时间"]) for r in reader},
        key=lambda r: (r[0], int(r[2])),
    )
    out = io.StringIO()
    out.write(
        "# GB/T 2260 行政区划代码 with the years of use (valid_to: the year the code stopped being used).\n"
        "# Compiled from https://github.com/yescallop/areacodes (CC0 1.0), result.csv, which collects the\n"
        "# Ministry of Civil Affairs' lists 中华人民共和国县级以上行政区划代码 (https://www.mca.gov.cn/).\n"
        f"# Source of this copy: {source}\n"
    )
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER)
    for code, name, start, end in rows:
        if not (len(code) == 6 and code.isdigit() and start.isdigit() and (not end or end.isdigit())):
            raise ValueError(f"bad row: {code},{name},{start},{end}")
        w.writerow((code, name, start, end))
    return out.getvalue()
