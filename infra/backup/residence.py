#!/usr/bin/env python
"""Back up and restore ONE residence: its schema, its public rows, its uploaded files.

    python infra/backup/residence.py dump    --slug les-tilleuls --out backups/les-tilleuls-20260101
    python infra/backup/residence.py restore --from backups/les-tilleuls-20260101
    python infra/backup/residence.py restore --from backups/… --into-schema r_tilleuls_copie --new-slug tilleuls-copie
    python infra/backup/residence.py restore --from backups/… --replace    # drop the damaged schema first

A dump directory holds:
  schema.dump      pg_dump -Fc -n <schema> (tables, sequences, audit trail of the residence)
  public.json      the residence's public rows: Residence, its landlord, domains, coordinators' e-mails
  media.tar.gz     MEDIA_ROOT/<schema>/ if the residence has uploaded files
  manifest.json    schema name, date, row count of every table (checked after a restore)

Restoring into the same schema re-creates the public rows if they are missing. Restoring into
another schema (--into-schema) leaves the original untouched; with --new-slug it also creates
a Residence and a Domain for the copy. Runs with the project's settings (DATABASE_URL...).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apes_platform.settings")
    import django

    django.setup()


def libpq_url() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgresql://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def pg_binary(name: str) -> str:
    """pg_dump / pg_restore of the server's major version (pg_tools.py, next to this script)."""
    from django.db import connection

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pg_tools import tool

    connection.ensure_connection()
    return str(tool(name, connection.pg_version // 10000))


def media_root() -> Path | None:
    from django.conf import settings

    value = os.environ.get("MEDIA_ROOT") or getattr(settings, "MEDIA_ROOT", "")
    return Path(value) if value else None


def row_counts(schema: str) -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_type = 'BASE TABLE' "
            "ORDER BY table_name", [schema])
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def schema_exists(schema: str) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None


def execute(sql: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)


def dump(slug: str, out: Path) -> Path:
    from tenants.models import Residence

    residence = Residence.objects.select_related("landlord").get(slug=slug)
    schema = residence.schema_name
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([pg_binary("pg_dump"), "--format=custom", "--no-owner", f"--schema={schema}",
                    f"--file={out / 'schema.dump'}", libpq_url()], check=True)
    fields = {f.name: f.value_to_string(residence) for f in Residence._meta.concrete_fields
              if f.name not in {"id", "landlord"}}
    public = {
        "residence": fields,
        "landlord": {"short_name": residence.landlord.short_name, "name": residence.landlord.name,
                     "siren": residence.landlord.siren},
        "domains": [{"domain": d.domain, "is_primary": d.is_primary} for d in residence.domains.all()],
        "coordinators": sorted(residence.members.values_list("email", flat=True)),
    }
    (out / "public.json").write_text(json.dumps(public, ensure_ascii=False, indent=2))
    media = media_root()
    has_media = bool(media and (media / schema).is_dir())
    if has_media:
        with tarfile.open(out / "media.tar.gz", "w:gz") as tar:
            tar.add(media / schema, arcname=".")
    manifest = {"slug": slug, "schema": schema, "dumped_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                "media": has_media, "rows": row_counts(schema)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return out


def _restore_schema(source: Path, original: str, target: str) -> None:
    dump_file = str(source / "schema.dump")
    restore = [pg_binary("pg_restore"), "--no-owner", "--single-transaction", "--exit-on-error",
               f"--dbname={libpq_url()}", dump_file]
    if target == original or not schema_exists(original):
        subprocess.run(restore, check=True)
        if target != original:
            execute(f'ALTER SCHEMA "{original}" RENAME TO "{target}"')
        return
    # pg_restore writes into the schema named in the dump: park the live one for the duration.
    parked = f"{original}__parked"
    execute(f'ALTER SCHEMA "{original}" RENAME TO "{parked}"')
    try:
        subprocess.run(restore, check=True)
        execute(f'ALTER SCHEMA "{original}" RENAME TO "{target}"')
    finally:
        execute(f'ALTER SCHEMA "{parked}" RENAME TO "{original}"')


def _recreate_public_rows(public: dict, schema: str, slug: str | None) -> str:
    from django.db import transaction

    from tenants.models import Domain, Landlord, Residence, ResidenceMembership, User
    from tenants.services import residence_domain

    if Residence.objects.filter(schema_name=schema).exists():
        return "public rows already present"
    with transaction.atomic():
        landlord, _ = Landlord.objects.get_or_create(short_name=public["landlord"]["short_name"],
                                                     defaults={"name": public["landlord"]["name"],
                                                               "siren": public["landlord"]["siren"]})
        values = {}
        for field in Residence._meta.concrete_fields:
            if field.name in public["residence"] and field.name not in {"id", "landlord"}:
                raw = public["residence"][field.name]
                values[field.name] = None if raw in ("", "None") and field.null else field.to_python(raw)
        values["schema_name"] = schema
        if slug:
            values["slug"] = slug
        residence = Residence(landlord=landlord, **values)
        residence.save()
        domains = ([{"domain": residence_domain(slug), "is_primary": True}] if slug else public["domains"])
        for item in domains:
            if not Domain.objects.filter(domain=item["domain"]).exists():
                Domain.objects.create(domain=item["domain"], tenant=residence, is_primary=item["is_primary"])
        for user in User.objects.filter(email__in=public["coordinators"]):
            ResidenceMembership.objects.get_or_create(user=user, residence=residence)
    return "public rows re-created"


def restore(source: Path, *, into_schema: str | None, new_slug: str | None, replace: bool) -> dict:
    manifest = json.loads((source / "manifest.json").read_text())
    public = json.loads((source / "public.json").read_text())
    original = manifest["schema"]
    target = into_schema or original
    if schema_exists(target):
        if not replace:
            raise SystemExit(f"schema {target} exists: pass --replace to drop it first, or --into-schema")
        execute(f'DROP SCHEMA "{target}" CASCADE')
    _restore_schema(source, original, target)
    public_note = "public rows left alone"
    if target == original or new_slug:
        public_note = _recreate_public_rows(public, target, new_slug)
    media = media_root()
    if manifest.get("media") and media:
        (media / target).mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / "media.tar.gz") as tar:
            tar.extractall(media / target, filter="data")
    counts = row_counts(target)
    mismatched = {t: (n, counts.get(t)) for t, n in manifest["rows"].items() if counts.get(t) != n}
    if mismatched:
        raise SystemExit(f"row counts differ after restore (expected, found): {mismatched}")
    return {"schema": target, "tables": len(counts), "rows": sum(counts.values()), "public": public_note}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--slug", required=True)
    d.add_argument("--out", type=Path)
    r = sub.add_parser("restore")
    r.add_argument("--from", dest="source", type=Path, required=True)
    r.add_argument("--into-schema")
    r.add_argument("--new-slug")
    r.add_argument("--replace", action="store_true")
    args = parser.parse_args(argv)
    setup_django()
    if args.command == "dump":
        out = args.out or ROOT / "backups" / f"{args.slug}-{dt.datetime.now():%Y%m%d-%H%M%S}"
        print(dump(args.slug, out))
    else:
        print(json.dumps(restore(args.source, into_schema=args.into_schema, new_slug=args.new_slug,
                                 replace=args.replace)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
