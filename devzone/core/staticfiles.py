"""Static files: only the npm files the pages load, and names that change with their content.

``VendorFinder`` finds, of the npm packages' folders (``STATICFILES_DIRS`` entries under ``vendor/``), only the
files listed in ``settings.VENDOR_STATIC_FILES``: their ``dist`` folders hold about 50 MB of sources, maps and
builds no page loads, which collectstatic copied and compressed on every ``make demo`` (3,230 files, 106 MB,
about a minute of CPU) and WhiteNoise served to anyone who asked.

``StaticStorage`` is WhiteNoise's compressed manifest storage: collected files get their content's hash in their
name (``app.3f2a….css``), so WhiteNoise serves them as immutable for a year and a browser never asks again
until the file changes. Two things it does not do, so that a missing or stale collection never serves a wrong
file: a file that was not collected, or whose source changed after the collection (a newer modification time),
is named as it is and served fresh from the finders (``WHITENOISE_USE_FINDERS``, short caching), as every file
was before; so development and the tests, which do not collect, see the files as they are."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.finders import FileSystemFinder
from whitenoise.storage import CompressedManifestStaticFilesStorage

VENDOR_PREFIX = "vendor/"


def _served(path: str) -> bool:
    return not path.startswith(VENDOR_PREFIX) or path in settings.VENDOR_STATIC_FILES


class VendorFinder(FileSystemFinder):
    """``STATICFILES_DIRS``, with the npm folders narrowed to ``VENDOR_STATIC_FILES``."""

    def find(self, path, find_all=False, **kwargs):
        if not _served(path):
            return []  # as FileSystemFinder answers for a file it does not have
        return super().find(path, find_all=find_all, **kwargs)

    def list(self, ignore_patterns):
        for path, storage in super().list(ignore_patterns):
            prefix = getattr(storage, "prefix", None)
            if _served(f"{prefix}/{path}" if prefix else path):
                yield path, storage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def load_manifest(self):
        """The collected names whose source has not changed since the collection."""
        paths, manifest_hash = super().load_manifest()
        if not paths:
            return paths, manifest_hash
        collected_at = os.path.getmtime(self.manifest_storage.path(self.manifest_name))
        fresh = {}
        for name, hashed in paths.items():
            source = finders.find(name)
            if source and os.path.getmtime(source) <= collected_at:
                fresh[name] = hashed
        return fresh, manifest_hash

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:  # not collected, or changed since: the file as it is, from the finders
            return name
