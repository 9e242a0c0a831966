"""What other apps do when a resident's record changes, without people importing them.

Contact hooks are called with resident=<Resident> and changed=<set of field names among
CONTACT_FIELDS whose stored value changed>, inside the transaction of `services.resident_update`
(a failing hook undoes the change). Apps append to the list from their AppConfig.ready(), like
the erasure hooks of core.privacy.registry.
"""
from __future__ import annotations

from collections.abc import Callable

CONTACT_FIELDS = ("email", "phone")

CONTACT_CHANGE_HOOKS: list[Callable] = []


def register_contact_change_hook(hook: Callable) -> None:
    if hook not in CONTACT_CHANGE_HOOKS:
        CONTACT_CHANGE_HOOKS.append(hook)
