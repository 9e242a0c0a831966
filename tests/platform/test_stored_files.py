"""A file written inside `atomic_with_files` goes when its transaction does not commit (storage is not
transactional): the block's own failure, or the failure of an outer block it was handed to."""
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile

from apes_platform.stored_files import atomic_with_files, file_written

pytestmark = pytest.mark.django_db


class Refused(Exception):
    pass


@pytest.fixture
def save(tmp_path):
    field = FileField(storage=FileSystemStorage(location=tmp_path))

    def write(name: str) -> FieldFile:
        field_file = FieldFile(None, field, field.storage.save(name, ContentFile(b"contenu")))
        file_written(field_file)
        return field_file

    return write


def files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_a_block_that_fails_after_writing_leaves_no_file(save, tmp_path):
    with pytest.raises(Refused), atomic_with_files():
        save("recu.pdf")
        raise Refused
    assert files_in(tmp_path) == []


def test_an_inner_block_that_succeeded_is_undone_with_the_outer_one(save, tmp_path):
    with pytest.raises(Refused), atomic_with_files():
        with atomic_with_files():
            save("premier.pdf")
        save("second.pdf")
        raise Refused
    assert files_in(tmp_path) == []


def test_an_inner_failure_caught_by_the_outer_block_removes_only_its_own_files(save, tmp_path):
    with atomic_with_files():
        save("garde.pdf")
        with pytest.raises(Refused), atomic_with_files():
            save("refuse.pdf")
            raise Refused
    assert files_in(tmp_path) == ["garde.pdf"]


def test_a_committed_block_keeps_its_files(save, tmp_path):
    with atomic_with_files():
        save("recu.pdf")
    assert files_in(tmp_path) == ["recu.pdf"]
