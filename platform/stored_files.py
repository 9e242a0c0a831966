"""A file written to storage belongs to the transaction that wrote it.

Storage is not transactional: a file saved inside `transaction.atomic` stays on disk when the rows that
named it roll back (a receipt stored, then the budget entry refused). Django has no on-rollback hook, so
a service that writes files runs under `atomic_with_files` (instead of `transaction.atomic`) and notes
each file it wrote with `file_written`. When the block fails, the files written inside it are deleted;
when it succeeds inside an outer `atomic_with_files`, they are handed to the outer block, so the
outermost one decides. The other way round, a file the transaction stops naming (a row deleted, a photo
replaced) is removed only once it commits: `remove_once_committed`.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.fields.files import FieldFile

_written: ContextVar[list | None] = ContextVar("apes_files_written", default=None)


def _remover(storage, name: str):
    """What deletes `name` later, resolved now: a residence's storage finds its folder from the schema in use
    at this moment, which may not be the one in use when the deletion runs."""
    try:
        path = storage.path(name)
    except NotImplementedError:
        return lambda: storage.delete(name)
    return lambda: os.path.exists(path) and os.remove(path)


def file_written(field_file: FieldFile) -> None:
    """Note a file just saved to storage by the current `atomic_with_files` block (outside one: nothing)."""
    written = _written.get()
    if written is None or not field_file:
        return
    written.append(_remover(field_file.storage, field_file.name))


def remove_once_committed(storage, names) -> None:
    """Files the current transaction no longer names: removed from `storage` when it commits, kept if it
    rolls back (the rows that name them are back)."""
    removers = [_remover(storage, name) for name in names if name]
    if removers:
        transaction.on_commit(lambda: _delete(removers))


def _delete(written: list) -> None:
    for remove in written:
        remove()


@contextmanager
def atomic_with_files():
    """`transaction.atomic`, and the files noted inside it deleted if it does not commit."""
    outer = _written.get()
    mine: list = []
    token = _written.set(mine)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _delete(mine)
        raise
    finally:
        _written.reset(token)
    if outer is not None:
        outer.extend(mine)
