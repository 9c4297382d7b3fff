"""``devzone region_codes --from result.csv [--source TEXT]`` rebuilds devzone/core/data/gbt2260.csv, the
GB/T 2260 list with years of use that project codes are checked against, from a newer copy of
https://github.com/yescallop/areacodes ``result.csv`` (CC0). ``devzone region_codes --check 370115 2018`` shows
which division a code named in a year."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from devzone.core import regions


class Command(BaseCommand):
    help = "Update or query the GB/T 2260 region code list used to check project codes."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source_file", help="areacodes result.csv to import")
        parser.add_argument(
            "--source", default="", help="where the file came from (commit, date), kept in the header"
        )
        parser.add_argument(
            "--check", nargs=2, metavar=("CODE", "YEAR"), help="the division CODE named in YEAR"
        )

    def handle(self, *args, source_file=None, source="", check=None, **o):
        if check:
            code, year = check
            found = regions.division_at(code, int(year))
            periods = "; ".join(
                f"{d.name} {d.valid_from}–{d.valid_to or ''}" for d in regions.known_periods(code)
            )
            self.stdout.write(f"{code} {year}: {found.name if found else '无效'} ({periods or '未收录'})")
            return
        if not source_file:
            raise CommandError("请用 --from 指定 areacodes 的 result.csv，或用 --check 代码 年份 查询")
        path = Path(source_file)
        try:
            text = path.read_text(encoding="utf-8")
            out = regions.convert_areacodes(text, source or path.name)
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise CommandError(f"无法读取 {path}：{e}") from None
        regions.MAIN_FILE.write_text(out, encoding="utf-8")
        regions.divisions.cache_clear()
        regions.last_year.cache_clear()
        self.stdout.write(
            f"已写入 {regions.MAIN_FILE}：{out.count(chr(10)) - 5} 条，数据至 {regions.last_year()} 年"
        )
