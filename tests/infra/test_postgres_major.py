"""One PostgreSQL major where it matters: the embedded server, compose, Terraform's managed database,
and the backup scripts' pg_dump / pg_restore, which follow the server they talk to."""
import re
import subprocess
import sys
from pathlib import Path

import hcl2
import pytest
import yaml
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "infra"))
sys.path.insert(0, str(ROOT / "infra" / "backup"))

import embedded  # noqa: E402
import pg_tools  # noqa: E402

from tests.infra.test_terraform import plain  # noqa: E402

pytestmark = pytest.mark.infra
MAJOR = 18


def test_embedded_compose_and_terraform_run_the_same_major():
    assert embedded.pg_major() == MAJOR
    compose = yaml.safe_load((ROOT / "infra" / "compose.yaml").read_text())
    image = compose["services"]["postgres"]["image"]
    assert re.fullmatch(rf"postgres:{MAJOR}(\.\d+)?-bookworm", image), image
    # From 18 on the image keeps its data under /var/lib/postgresql/<major>/docker: the volume is the parent.
    assert "postgres-data:/var/lib/postgresql" in compose["services"]["postgres"]["volumes"]
    with (ROOT / "terraform" / "modules" / "database" / "main.tf").open() as handle:
        database = plain(hcl2.load(handle))
    engines = [body["engine"] for block in database["resource"] for kind, named in block.items()
               if kind == "scaleway_rdb_instance" for body in named.values() if "engine" in body]
    assert engines == [f"PostgreSQL-{MAJOR}"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["pg_dump", "pg_restore"])
def test_backup_tools_match_the_server_they_talk_to(name):
    connection.ensure_connection()
    server = connection.pg_version // 10000
    path = pg_tools.tool(name, server)
    assert pg_tools.tool_major(path) == server
    out = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=True).stdout
    assert f"(PostgreSQL) {server}." in out


def test_no_tool_of_the_wanted_major_is_a_clear_refusal():
    with pytest.raises(pg_tools.NoMatchingTool, match="aucun pg_dump de PostgreSQL 99"):
        pg_tools.tool("pg_dump", 99)


@pytest.mark.django_db
def test_whole_database_dump_is_made_and_listed_by_tools_of_the_server_major(tmp_path):
    from django.conf import settings

    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    out = tmp_path / "apes.dump"
    result = subprocess.run(["bash", str(ROOT / "infra" / "backup" / "db.sh"), "dump", str(out)], cwd=ROOT,
                            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "PYTHON": sys.executable},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out) and out.stat().st_size > 0
