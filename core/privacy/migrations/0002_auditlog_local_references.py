"""In a residence schema, the audit trail holds no foreign key into the public schema.

auditlog_logentry references the user (actor) and the content type, both in
public. A cross-schema constraint would block deleting or truncating those public
rows (deleting an account, flushing the test database) and would tie a restored
residence schema to one public schema. Entries keep actor_id and actor_email as
plain values. Runs only in residence schemas: this app is a tenant app.
"""
from django.db import migrations

# Pending deferred checks (rows inserted earlier in the same transaction, e.g. when a
# residence is provisioned) would forbid the ALTER: run them now, then restore the default.
DROP_CROSS_SCHEMA_KEYS = """
SET CONSTRAINTS ALL IMMEDIATE;
DO $$
DECLARE c record;
BEGIN
  FOR c IN
    SELECT con.conname
    FROM pg_constraint con
    JOIN pg_class rel ON rel.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = rel.relnamespace
    JOIN pg_class ref ON ref.oid = con.confrelid
    JOIN pg_namespace refn ON refn.oid = ref.relnamespace
    WHERE con.contype = 'f' AND rel.relname = 'auditlog_logentry'
      AND n.nspname = current_schema() AND refn.nspname <> n.nspname
  LOOP
    EXECUTE format('ALTER TABLE auditlog_logentry DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;
SET CONSTRAINTS ALL DEFERRED;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_consent_sensitive_record_anonymisation"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunSQL(DROP_CROSS_SCHEMA_KEYS, reverse_sql=migrations.RunSQL.noop)]
