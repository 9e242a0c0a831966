"""infra/backup/residence.py: dump residence A's schema, drop it, restore it, find every row and file again."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from core.activities.factories import ActivityFactory
from core.activities.models import Activity
from core.people.factories import ResidentFactory
from core.people.models import Resident
from core.privacy.factories import ConsentFactory, SensitiveRecordFactory
from tenants.models import Domain, Residence
from tests.conftest import aware

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "infra" / "backup" / "residence.py"
pytestmark = pytest.mark.django_db(transaction=True)


def run_script(*args, media_root: Path) -> str:
    db = settings.DATABASES["default"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "apes_platform.settings_test", "MEDIA_ROOT": str(media_root),
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    result = subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def snapshot(schema: str) -> dict:
    with schema_context(schema):
        return {
            "residents": sorted(Resident.objects.values_list("id", "first_name", "age_band")),
            "attendances": sorted(Activity.objects.values_list("id", "title", "attendances__resident_id")),
            "audit": LogEntry.objects.count(),
        }


def drop_schema(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def residence_with_data(residence_a, tmp_path):
    schema = residence_a.schema_name
    with schema_context(schema):
        people = ResidentFactory.create_batch(4)
        activity = ActivityFactory(starts_at=aware(2025, 5, 6), ends_at=aware(2025, 5, 6, 16))
        for person in people[:3]:
            activity.attendances.create(resident=person)
        ConsentFactory(resident=people[0])
        SensitiveRecordFactory(resident=people[1])
    media = tmp_path / "media"
    (media / schema / "affiches").mkdir(parents=True)
    (media / schema / "affiches" / "fete-des-voisins.pdf").write_bytes(b"%PDF-1.4 affiche")
    yield residence_a, media
    drop_schema("r_tilleuls_copie")
    with schema_context(schema):
        Resident.objects.all().delete()
        Activity.objects.all().delete()
        LogEntry.objects.all().delete()


def test_residence_schema_dump_drop_restore_finds_every_row_and_file(residence_with_data, tmp_path):
    residence, media = residence_with_data
    schema = residence.schema_name
    before = snapshot(schema)
    assert len(before["residents"]) == 4 and before["audit"] > 0

    out = Path(run_script("dump", "--slug", residence.slug, "--out", str(tmp_path / "dump"), media_root=media))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schema"] == schema and manifest["rows"]["people_resident"] == 4 and manifest["media"]

    # Disaster: the schema, the public rows and the files are gone.
    drop_schema(schema)
    Residence.objects.filter(pk=residence.pk).delete()
    (media / schema / "affiches" / "fete-des-voisins.pdf").unlink()

    report = json.loads(run_script("restore", "--from", str(out), media_root=media))
    assert report["public"] == "public rows re-created"
    restored = Residence.objects.get(schema_name=schema)
    assert restored.slug == residence.slug and restored.landlord_id == residence.landlord_id
    assert Domain.objects.filter(tenant=restored, is_primary=True).exists()
    assert snapshot(schema) == before
    assert (media / schema / "affiches" / "fete-des-voisins.pdf").read_bytes() == b"%PDF-1.4 affiche"

    # The same dump restored beside the live residence, as a new one.
    report = json.loads(run_script("restore", "--from", str(out), "--into-schema", "r_tilleuls_copie",
                                   "--new-slug", "tilleuls-copie", media_root=media))
    assert report["schema"] == "r_tilleuls_copie"
    assert snapshot("r_tilleuls_copie") == before
    assert snapshot(schema) == before
    assert Residence.objects.get(slug="tilleuls-copie").schema_name == "r_tilleuls_copie"


def test_restore_refuses_to_overwrite_a_live_schema(residence_with_data, tmp_path):
    residence, media = residence_with_data
    out = run_script("dump", "--slug", residence.slug, "--out", str(tmp_path / "d"), media_root=media)
    db = settings.DATABASES["default"]
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "restore", "--from", out], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "apes_platform.settings_test",
             "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"})
    assert result.returncode != 0 and "--replace" in result.stderr
