"""The SQLite FTS5 table again, now with prefix indexes, and its triggers: rebuilding
core_searchentry for its new primary key dropped them. Every query token is a prefix match
(results follow typing), and without prefix indexes a common prefix such as '협동조합'* scans
the whole vocabulary. PostgreSQL needs nothing here: its GIN index serves ':*' prefixes."""

from django.db import migrations


def _recreate(prefix_option: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in (
            "DROP TRIGGER IF EXISTS core_searchentry_au",
            "DROP TRIGGER IF EXISTS core_searchentry_ad",
            "DROP TRIGGER IF EXISTS core_searchentry_ai",
            "DROP TABLE IF EXISTS core_searchfts",
            "CREATE VIRTUAL TABLE core_searchfts USING fts5(tokens, content='core_searchentry', "
            f"content_rowid='id', tokenize='unicode61'{prefix_option})",
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
        ):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0004_clear_search_entries")]

    operations = [migrations.RunPython(_recreate(", prefix='1 2 3'"), _recreate(""))]
