"""django-tenants' backend, minus the `SET search_path` that changes nothing.

With `TENANT_LIMIT_SET_CALLS`, django-tenants sets the search path once per schema switch
instead of before every query, but it still forgets it at every `set_tenant()` call, and the
tenant middleware makes two per request (public, then the residence): every request paid one
`SET` even when the connection already stood in that residence. Here the path the PostgreSQL
session really has is remembered until something can change it (a new connection, a rollback,
a rollback to a savepoint: `SET` is transactional), and a switch back to that same path sends
nothing. docs/performance.md, "Tenant routing overhead", has the figures.
"""
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper
from django_tenants.utils import get_limit_set_calls


class DatabaseWrapper(TenantDatabaseWrapper):
    def __init__(self, *args, **kwargs):
        # The search path the database session has now, as far as we know for sure.
        self.session_search_path = None
        super().__init__(*args, **kwargs)

    def close(self):
        self.session_search_path = None
        super().close()

    def rollback(self):
        self.session_search_path = None
        super().rollback()

    def savepoint_rollback(self, sid):
        try:
            super().savepoint_rollback(sid)
        finally:
            self.session_search_path = None

    def _handle_search_path(self, cursor=None):
        if (
            get_limit_set_calls()
            and not self._setting_search_path
            and self.search_path_set_schemas is None
            and self.session_search_path is not None
            and self.schema_name
            and self._get_cursor_search_paths() == self.session_search_path
        ):
            self.search_path_set_schemas = self.session_search_path
            return
        super()._handle_search_path(cursor)
        self.session_search_path = self.search_path_set_schemas
