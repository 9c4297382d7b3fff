"""``devzone calendar add 2025-09-30 1`` -> 2025-10-09; ``devzone calendar between A B`` -> working days after A
up to and including B; ``devzone calendar is-workday D``; ``devzone calendar load YEAR FILE --as USER --source 文号``."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from devzone.core.calendar import CalendarError, parse_date
from devzone.core.workdays import get_calendar


class Command(BaseCommand):
    help = "Working-day calculations on the zone calendar (start day not counted)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="op", required=True)
        add = sub.add_parser("add", help="the n-th working day after a date")
        add.add_argument("start")
        add.add_argument("n", type=int)
        between = sub.add_parser("between", help="working days after A up to and including B")
        between.add_argument("start")
        between.add_argument("end")
        isw = sub.add_parser("is-workday", help="whether a date is a working day")
        isw.add_argument("date")
        load = sub.add_parser("load", help="load a year's official schedule from .xlsx (日期, 休/班, 名称)")
        load.add_argument("year", type=int)
        load.add_argument("file")
        load.add_argument("--as", dest="username", required=True, help="a system administrator's username")
        load.add_argument(
            "--source",
            required=True,
            help="the State Council notice and its number, e.g. 国办发明电〔2025〕7号",
        )

    def handle(self, *args, op, **o):
        try:
            cal = get_calendar()
        except DatabaseError:
            raise CommandError(
                "数据库尚未初始化或无法连接：请先运行 `devzone migrate`（或检查 DATABASE_URL）后再试"
            ) from None
        try:
            if op == "add":
                if o["n"] < 0:
                    raise CommandError("工作日数不能为负数")
                start = parse_date(o["start"])
                day = cal.add_workdays(start, o["n"])
                note = "  （暂定：该年尚无官方节假日安排）" if cal.span_is_provisional(start, day) else ""
                self.stdout.write(f"{day.isoformat()}{note}")
            elif op == "between":
                start, end = parse_date(o["start"]), parse_date(o["end"])
                n = cal.between(start, end)
                note = "  （暂定）" if cal.span_is_provisional(min(start, end), max(start, end)) else ""
                self.stdout.write(f"{n}{note}")
            elif op == "is-workday":
                day = parse_date(o["date"])
                self.stdout.write("工作日" if cal.is_workday(day) else "休息日")
            elif op == "load":
                self.load(o["year"], o["file"], o["username"], o["source"])
        except CalendarError as e:
            raise CommandError(str(e))

    def load(self, year, path, username, source):
        from django.contrib.auth import get_user_model

        from devzone.core.errors import DomainError
        from devzone.core.ledger import read_rows
        from devzone.core.services.calendar import calendar_year_load, parse_schedule_rows

        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        try:
            with open(path, "rb") as fh:
                rows = parse_schedule_rows(read_rows(fh.read())[1:])
            moved = calendar_year_load(actor=user, year=year, rows=rows, source=source)
        except OSError as e:
            raise CommandError(f"无法读取文件：{e}")
        except DomainError as e:
            raise CommandError("\n".join(m for messages in e.errors.values() for m in messages) or e.message)
        self.stdout.write(f"已加载{year}年官方安排（{len(rows)}天）；{moved}个办理时限已重新计算")
