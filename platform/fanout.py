"""One task per active residence: the fan-out of every nightly job (refresh, retention, reminders…).

Each task is sent from its residence's schema, so `TenantTask` records that schema in the
message headers and the worker runs it there. Which residences are active is decided by
`tenants.selectors.active_residence_list()` only.
"""
from __future__ import annotations

from django_tenants.utils import schema_context


def one_task_per_active_residence(task, *args, residences=None, **kwargs) -> int:
    """Send `task(*args, **kwargs)` once for each active residence (or each of `residences`).

    Returns how many were sent. Inside a transaction they are sent on commit (TenantTask).
    """
    from tenants.selectors import active_residence_list

    residences = list(active_residence_list()) if residences is None else list(residences)
    for residence in residences:
        with schema_context(residence.schema_name):
            task.delay(*args, **kwargs)
    return len(residences)
