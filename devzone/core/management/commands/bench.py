"""``devzone bench``: server time and SQL queries of the core list pages, the list API and the dashboard."""

import warnings

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devzone.core import registry
from devzone.core.bench import DEFAULT_ZONE_NAME, run_bench, write_figures


class Command(BaseCommand):
    help = (
        "Measure the core list pages (page 1, a deep page, a search), /api/v1/core/<entity>?page=1 and the "
        "home dashboard as a zone leader of the loadgen zone: median, p95 and SQL queries per page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (default 20)")
        parser.add_argument("--zone-name", default=DEFAULT_ZONE_NAME, help="the zone to measure")
        parser.add_argument(
            "--deep-page", type=int, default=100, help="the deep page (default 100, or the last)"
        )
        parser.add_argument(
            "--json", dest="json_path", default=None, help="also write the figures to this file"
        )
        parser.add_argument(
            "--target-ms",
            type=float,
            default=100.0,
            help="flag list pages whose median exceeds this (default 100 ms)",
        )
        for ext in registry.bench_steps():
            parser.add_argument(f"--{ext.flag}", action="store_true", help=ext.help)
        parser.add_argument("--only-extensions", action="store_true", help="skip the core pages")

    def handle(self, *args, **opts):
        from devzone.core.models import Enterprise, Project, Staff, Zone

        if opts["repeat"] < 1:
            raise CommandError("--repeat must be at least 1")
        zone = Zone.objects.filter(name=opts["zone_name"]).order_by("pk").first()
        if zone is None:
            raise CommandError(
                f"没有可测量的数据：开发区“{opts['zone_name']}”不存在。请先运行 devzone loadgen。"
            )
        counts = {
            "staff": Staff.objects.filter(zone=zone).count(),
            "enterprise": Enterprise.objects.filter(zone=zone).count(),
            "project": Project.objects.filter(zone=zone).count(),
        }
        if not any(counts.values()):
            raise CommandError(
                f"没有可测量的数据：开发区“{zone.name}”没有工作人员、企业或项目。请先运行 devzone loadgen。"
            )
        # WhiteNoise warns once when collectstatic has not been run; pages do not need it here.
        warnings.filterwarnings("ignore", message="No directory at")
        # django.test.Client sends Host: testserver.
        if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        self.stdout.write(
            f"bench: {zone.name}, 工作人员 {counts['staff']}, 企业 {counts['enterprise']}, "
            f"项目 {counts['project']}; "
            f"{opts['repeat']} requests per page"
        )
        extensions = [ext for ext in registry.bench_steps() if opts[ext.flag.replace("-", "_")]]
        if extensions:
            from devzone.core.bench import bench_user

            leader = bench_user(zone)
            report_ext = {}
            for ext in extensions:
                self.stdout.write(f"{ext.flag}:")
                report_ext[ext.flag] = ext.run(
                    zone=zone, leader=leader, repeat=opts["repeat"], log=self.stdout.write
                )
            if opts["only_extensions"]:
                write_figures(opts["json_path"], report_ext)
        if opts["only_extensions"]:
            return
        report = run_bench(
            zone=zone,
            repeat=opts["repeat"],
            deep_page=opts["deep_page"],
            log=lambda s: self.stderr.write(s) if opts["verbosity"] > 1 else None,
        )
        report["counts"] = counts
        self.stdout.write(self.table(report))
        bad = [r for r in report["results"] if r["status"] != 200]
        slow = [
            r
            for r in report["results"]
            if r["url"].startswith("/core/") and r["median_ms"] > opts["target_ms"]
        ]
        report["target_ms"] = opts["target_ms"]
        report["list_pages_over_target"] = [r["name"] for r in slow]
        write_figures(opts["json_path"], report)
        if opts["json_path"]:
            self.stdout.write(f"figures written to {opts['json_path']}")
        if bad:
            raise CommandError(
                "pages that did not answer 200: " + ", ".join(f"{r['url']} [{r['status']}]" for r in bad)
            )
        if slow:
            self.stdout.write(
                self.style.WARNING(
                    f"list pages over {opts['target_ms']:.0f} ms (median): "
                    + ", ".join(r["name"] for r in slow)
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"every list page under {opts['target_ms']:.0f} ms (median)")
            )

    @staticmethod
    def table(report: dict) -> str:
        lines = [
            f"{report['database_version']} — {report['machine']}, Python {report['python']}, "
            f"{report['date']}; load average {report['load_average'][0]:.2f} before, "
            f"{report['load_average'][3]:.2f} after; {report['repeat']} timed requests per page",
            "",
            "| page | URL | rows | median ms | p95 ms | min ms | queries | floor ms | page ÷ floor | ≤ 3 × floor + 20 |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|",
        ]
        for r in report["results"]:
            rows = "" if r["rows"] is None else f"{r['rows']:,}"
            floor = ratio = target = ""
            if r.get("floor_ms") is not None:
                floor = f"{r['floor_ms']:.1f}"
                ratio = f"{r['median_ms'] / max(r['floor_ms'], 0.01):.0f}"
                target = "✓" if r["within_target"] else "✗"
            elif r.get("target_ms") is not None:
                target = f"≤ {r['target_ms']:.0f} ms {'✓' if r['within_target'] else '✗'}"
            lines.append(
                f"| {r['name']} | `{r['url']}` | {rows} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
                f"{r['min_ms']:.1f} | {r['queries']} | {floor} | {ratio} | {target} |"
            )
        return "\n".join(lines)
