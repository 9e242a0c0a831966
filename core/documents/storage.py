"""Uploaded files live under MEDIA_ROOT/<schema>/: one folder per residence, so the residence
backup (infra/backup/residence.py) carries them and no path of one residence reaches another's."""
from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection


class ResidenceFileStorage(FileSystemStorage):
    """A file storage rooted in the current residence's folder, chosen at each call from the
    connection's schema. Names stored in the database are relative to that folder, so a residence
    restored under another schema finds its files in its new folder."""

    @property
    def base_location(self):
        schema = connection.schema_name
        if not schema or schema == "public":
            raise RuntimeError("Residence files are read and written inside a residence schema only.")
        return os.path.join(settings.MEDIA_ROOT, schema)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None  # never served by URL: only through the download view, which checks access


_STORAGE = ResidenceFileStorage()


def residence_storage() -> ResidenceFileStorage:
    """The storage of Document.file (a callable, so migrations do not serialise the instance)."""
    return _STORAGE
