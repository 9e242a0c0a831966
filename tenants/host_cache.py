"""Cache of the host → residence lookup that runs on every request.

The key lives in the public namespace whatever schema the connection is on
(the cache key function prefixes keys with the current schema), and it is
dropped whenever a Residence or Domain row changes or goes: at once and again
after commit, so a request racing the transaction cannot keep a stale entry.
Bulk `.update()` calls send no signal: the time-to-live bounds their staleness.
"""
from __future__ import annotations

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Domain, Residence

HOST_CACHE_SECONDS = 300
UNKNOWN_HOST = "unknown"  # cached too, so a flood of bogus hosts does not reach the database


def host_cache_key(hostname: str) -> str:
    # The same spelling as the Domain lookup (tenants.selectors.normalise_host), never another.
    from tenants.selectors import normalise_host

    return f"residence-for-host:{normalise_host(hostname)}"


def _on_public():
    if connection.schema_name == get_public_schema_name():
        from contextlib import nullcontext

        return nullcontext()
    return schema_context(get_public_schema_name())


def host_cache_get(hostname: str):
    with _on_public():
        return cache.get(host_cache_key(hostname))


def host_cache_set(hostname: str, value) -> None:
    # Only committed state is cached: a read inside a transaction may be rolled back.
    if connection.in_atomic_block:
        return
    with _on_public():
        cache.set(host_cache_key(hostname), value, HOST_CACHE_SECONDS)


def host_cache_forget(*hostnames: str) -> None:
    keys = [host_cache_key(name) for name in hostnames if name]
    if not keys:
        return

    def forget():
        with _on_public():
            cache.delete_many(keys)

    forget()
    transaction.on_commit(forget)


def host_cache_clear() -> int:
    """Drop every cached host, by key pattern (Redis SCAN): after a migrate or a flush, which send no row signal."""
    with _on_public():
        pattern = cache.make_key(host_cache_key("*"))
    backend = getattr(cache, "_cache", None)
    if backend is None or not hasattr(backend, "get_client"):
        cache.clear()  # a non-Redis backend (tests of other set-ups): no pattern delete
        return 0
    client = backend.get_client(pattern, write=True)
    keys = list(client.scan_iter(match=pattern, count=500))
    if keys:
        client.delete(*keys)
    return len(keys)


@receiver(post_migrate)
def _forget_all_after_migrate(sender, **kwargs):
    # Once per migrate of the public schema (where the rows live), not once per residence schema.
    if sender.label == "tenants" and connection.schema_name == get_public_schema_name():
        host_cache_clear()


@receiver(pre_save, sender=Domain)
def _forget_previous_domain(sender, instance: Domain, **kwargs):
    if instance.pk:
        previous = Domain.objects.filter(pk=instance.pk).values_list("domain", flat=True).first()
        host_cache_forget(previous)


@receiver(post_save, sender=Domain)
@receiver(post_delete, sender=Domain)
def _forget_domain(sender, instance: Domain, **kwargs):
    host_cache_forget(instance.domain)


@receiver(post_save, sender=Residence)
@receiver(pre_delete, sender=Residence)
def _forget_residence_domains(sender, instance: Residence, **kwargs):
    if instance.pk:
        host_cache_forget(*Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))
