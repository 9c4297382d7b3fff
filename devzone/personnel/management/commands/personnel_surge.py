"""``devzone personnel_surge``: the deadline surge against a real server (``personnel.surge``)."""

from django.core.management.base import BaseCommand, CommandError

from devzone.core.bench import DEFAULT_ZONE_NAME, write_figures
from devzone.core.httpload import add_server_arguments, check_counts, server_options


class Command(BaseCommand):
    help = (
        "报名高峰压力测试：在127.0.0.1上启动gunicorn，以并发客户端通过HTTP提交注册和报名，"
        "与同一服务器上的空白视图比较吞吐量和p50/p99延迟，中途杀死一个工作进程，并核对没有丢失或重复的报名。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--applicants", type=int, default=3000, help="applications to submit (default 3,000)"
        )
        parser.add_argument(
            "--accounts",
            type=int,
            default=200,
            help="accounts registered through the form with SMS codes (200)",
        )
        parser.add_argument(
            "--kill-at",
            type=float,
            default=0.4,
            help="kill a worker after this share of the applications (0: never)",
        )
        parser.add_argument("--zone-name", default=DEFAULT_ZONE_NAME, help="the zone of the surge's openings")
        parser.add_argument("--seed", type=int, default=1)
        add_server_arguments(parser)

    def handle(self, *args, **opts):
        from devzone.core.loadgen import ensure_zone
        from devzone.personnel.surge import run_surge

        check_counts(opts, "applicants")
        if opts["accounts"] < 0 or not 0 <= opts["kill_at"] < 1:
            raise CommandError("--accounts must not be negative; --kill-at must be in [0, 1)")
        zone, _created = ensure_zone(opts["zone_name"])
        self.stdout.write(f"personnel_surge: {zone.name}, {opts['applicants']:,} applications")
        try:
            report = run_surge(
                zone,
                applicants=opts["applicants"],
                accounts=opts["accounts"],
                kill_at=opts["kill_at"],
                seed=opts["seed"],
                log=self.stdout.write,
                **server_options(opts),
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.table(report))
        write_figures(opts["json_path"], report)
        v = report["verify"]
        if v["lost"] or v["duplicates"]:
            raise CommandError(f"lost {v['lost']}, duplicates {v['duplicates']}")
        self.stdout.write(self.style.SUCCESS("no accepted registration lost, no duplicate"))

    @staticmethod
    def table(r: dict) -> str:
        lines = [
            f"{r['database_version']} — {r['machine']}, Python {r['python']}, {r['date']}; gunicorn "
            f"{r['workers']} sync workers, {r['concurrency']} clients; load average "
            f"{r['load_average'][0]:.2f} before, {r['load_average'][3]:.2f} after",
            "",
            "| phase | requests | ok | refused | errors | retries | s | per s | p50 ms | p99 ms | client CPU |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for key in ("bare", "accounts", "applications"):
            p = r[key]
            lines.append(
                f"| {key} | {p['requests']} | {p['ok']} | {p['refused']} | {p['errors']} | {p['retries']} | "
                f"{p['seconds']} | {p['per_second']} | {p['p50_ms']} | {p['p99_ms']} | "
                f"{p['client_cpu_share']:.0%} |"
            )
        v, k = r["verify"], r["killed_worker"]
        lines += [
            "",
            f"applications / bare: {r['ratio_to_bare']}; worker killed: pid {k.get('pid')} after "
            f"{k.get('after_requests')} applications ({k.get('at_seconds')} s); workers after: {r['workers_after']}",
            f"rows {v['rows']}, accepted answers {v['accepted']}, lost {v['lost']}, duplicates {v['duplicates']}, "
            f"committed without an answer {v['committed_without_answer']}",
        ]
        if r["accounts"].get("form_p50_ms") is not None:
            lines.append(
                f"account form (password hashing): p50 {r['accounts']['form_p50_ms']} ms, "
                f"p99 {r['accounts']['form_p99_ms']} ms"
            )
        return "\n".join(lines)
