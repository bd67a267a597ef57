"""The full-text index behind ieum.core.search, in each database's own engine.

SQLite: an external-content FTS5 table over core_searchentry kept in step by triggers.
PostgreSQL: a GIN index on to_tsvector('simple', tokens).
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE core_searchfts USING fts5("
    "tokens, content='core_searchentry', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER core_searchentry_ai AFTER INSERT ON core_searchentry BEGIN "
    "INSERT INTO core_searchfts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER core_searchentry_ad AFTER DELETE ON core_searchentry BEGIN "
    "INSERT INTO core_searchfts(core_searchfts, rowid, tokens) "
    "VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER core_searchentry_au AFTER UPDATE ON core_searchentry BEGIN "
    "INSERT INTO core_searchfts(core_searchfts, rowid, tokens) "
    "VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO core_searchfts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "INSERT INTO core_searchfts(core_searchfts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchentry_au",
    "DROP TRIGGER IF EXISTS core_searchentry_ad",
    "DROP TRIGGER IF EXISTS core_searchentry_ai",
    "DROP TABLE IF EXISTS core_searchfts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX core_searchentry_tokens_gin ON core_searchentry "
    "USING gin (to_tsvector('simple', tokens))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS core_searchentry_tokens_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_search_entry")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
