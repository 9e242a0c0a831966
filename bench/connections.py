"""A backend's memory after touching every residence schema, with one connection for all of them
vs a connection recycled every K schemas (DB_MAX_SCHEMAS_PER_CONNECTION, tenants/connection_recycle.py).

Memory is read two ways: pg_backend_memory_contexts (PostgreSQL 14+, what the backend itself has
allocated, CacheMemoryContext holding the catalogue cache) and the backend's /proc RSS (anonymous
memory), the process being on this machine."""
from __future__ import annotations

import os

from common import table

QUERIES = (
    "SELECT count(*) FROM people_resident",
    "SELECT count(*) FROM activities_activity a JOIN activities_attendance t ON t.activity_id = a.id",
)


# CacheMemoryContext and its direct children. PostgreSQL 17 gave each context a `path` of ids
# (its own last) and 18 dropped the `parent` name column: one query per side of that change.
MEMORY_BY_PARENT_NAME = (
    "SELECT sum(total_bytes), sum(total_bytes) FILTER (WHERE name = 'CacheMemoryContext' OR parent = "
    "'CacheMemoryContext') FROM pg_backend_memory_contexts")
MEMORY_BY_PATH = (
    "WITH c AS MATERIALIZED (SELECT name, total_bytes, path FROM pg_backend_memory_contexts), "
    "cache AS (SELECT path[array_length(path, 1)] AS id FROM c WHERE name = 'CacheMemoryContext') "
    "SELECT sum(c.total_bytes), sum(c.total_bytes) FILTER (WHERE c.name = 'CacheMemoryContext' "
    "OR c.path[array_length(c.path, 1) - 1] = cache.id) FROM c CROSS JOIN cache")


def _memory(conn, pid: int) -> tuple[float, float, float]:
    query = MEMORY_BY_PATH if conn.info.server_version >= 170000 else MEMORY_BY_PARENT_NAME
    total, cache = conn.execute(query).fetchone()
    rss = float("nan")
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    rss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return total / 2**20, (cache or 0) / 2**20, rss


def _touch(schemas, recycle_every: int | None) -> list[tuple[int, float, float, float]]:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    params = dict(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"],
                  autocommit=True)
    checkpoints = {len(schemas) // 4, len(schemas) // 2, 3 * len(schemas) // 4, len(schemas)}
    samples, peak = [], (0.0, 0.0, 0.0)
    conn = psycopg.connect(**params)
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    samples.append((0, *_memory(conn, pid)))
    for n, schema in enumerate(schemas, 1):
        if recycle_every and n > 1 and (n - 1) % recycle_every == 0:
            conn.close()
            conn = psycopg.connect(**params)
            pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        conn.execute(f'SET search_path = "{schema}", public')
        for query in QUERIES:
            conn.execute(query)
        if recycle_every and n % recycle_every == 0:
            current = _memory(conn, pid)
            peak = tuple(max(a, b) for a, b in zip(peak, current))
        if n in checkpoints:
            current = _memory(conn, pid)
            peak = tuple(max(a, b) for a, b in zip(peak, current))
            samples.append((n, *(peak if recycle_every else current)))
    conn.close()
    return samples


def run(fixture, *, recycle_every: int | None = None) -> str:
    from django.conf import settings

    recycle_every = recycle_every or settings.DB_MAX_SCHEMAS_PER_CONNECTION or 100
    schemas = [r.schema_name for r in fixture.residences]
    plain = _touch(schemas, None)
    recycled = _touch(schemas, recycle_every)
    rows = []
    for (n, total, cache, rss), (_, rtotal, rcache, rrss) in zip(plain, recycled):
        rows.append([n, f"{total:.1f}", f"{cache:.1f}", f"{rss:.1f}", f"{rtotal:.1f}", f"{rcache:.1f}", f"{rrss:.1f}"])
    proc = "" if os.path.exists("/proc/self/status") else " (RSS indisponible : pas de /proc)"
    return table(
        f"Mémoire d'un backend PostgreSQL après N schémas touchés (3 tables chacun), sans recyclage vs "
        f"connexion recyclée tous les {recycle_every} schémas (max observé){proc}",
        ["schémas", "contexts Mo", "dont cache catalogue Mo", "RSS anon Mo", "recyclée : contexts Mo",
         "recyclée : cache Mo", "recyclée : RSS Mo"],
        rows,
    )
