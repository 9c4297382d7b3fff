from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from devzone.core import backup as bk
from devzone.core.management.passphrase import passphrase_of


class Command(BaseCommand):
    help = (
        "Restore an encrypted backup into a new place (never over a live database): SQLite into --var-dir, "
        "PostgreSQL into the empty database --database-url."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--var-dir", help="where the SQLite file, uploads and keys go (a new folder)")
        parser.add_argument("--database-url", default="", help="an empty PostgreSQL database for the dump")
        parser.add_argument("--media-root", help="where the uploaded files go (default: VAR_DIR/media)")
        parser.add_argument(
            "--force", action="store_true", help="replace the SQLite file in --var-dir (stopped)"
        )
        parser.add_argument("--check", action="store_true", help="only decrypt and verify, restore nothing")
        parser.add_argument("--passphrase-file")

    def handle(
        self,
        *args,
        archive,
        var_dir=None,
        database_url="",
        media_root=None,
        force=False,
        check=False,
        passphrase_file=None,
        **options,
    ):
        import tempfile

        try:
            if check:
                with tempfile.TemporaryDirectory() as tmp:
                    manifest = bk.open_backup(Path(archive), passphrase_of(passphrase_file), Path(tmp))
                self.stdout.write(self.style.SUCCESS(f"备份完好：{bk.manifest_summary(manifest)}"))
                return
            manifest = bk.restore(
                Path(archive),
                passphrase_of(passphrase_file),
                var_dir=Path(var_dir) if var_dir else None,
                database_url=database_url,
                media_root=Path(media_root) if media_root else None,
                force=force,
            )
        except bk.BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(self.style.SUCCESS(f"已恢复：{bk.manifest_summary(manifest)}"))
