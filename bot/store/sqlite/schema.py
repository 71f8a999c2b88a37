"""The SQLite store's tables (created if missing on open; `bot.store.sqlite.sql` uses them)."""

from __future__ import annotations

from typing import Final

from bot.store.sqlite.search import FTS_SCHEMA

TABLES: Final = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tickets (
    number INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at TEXT,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tickets_address ON tickets (address, number);
CREATE TABLE IF NOT EXISTS outbox (
    id TEXT PRIMARY KEY,
    address TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT,
    created_at TEXT NOT NULL,
    json TEXT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    provider_id TEXT NOT NULL DEFAULT '',
    lease_until TEXT,
    lease_token TEXT,
    sends INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS outbox_status ON outbox (status, created_at);
CREATE INDEX IF NOT EXISTS outbox_address ON outbox (address, created_at);
CREATE TABLE IF NOT EXISTS timers (
    key TEXT PRIMARY KEY,
    due TEXT NOT NULL,
    kind TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS timers_due ON timers (due);
CREATE TABLE IF NOT EXISTS dedup (
    key TEXT PRIMARY KEY,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dedup_at ON dedup (at);
CREATE TABLE IF NOT EXISTS transcript (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transcript_conversation ON transcript (conversation_id, id);
CREATE TABLE IF NOT EXISTS flags (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS incidents (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL,
    open INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS incident_children (
    incident INTEGER NOT NULL,
    ticket INTEGER NOT NULL,
    PRIMARY KEY (incident, ticket)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS maintenance (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS maintenance_ends ON maintenance (ends_at);
CREATE TABLE IF NOT EXISTS contacts (
    account TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (account, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rate_log (
    key TEXT NOT NULL,
    at INTEGER NOT NULL,
    expires INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_log_key ON rate_log (key, at);
CREATE INDEX IF NOT EXISTS rate_log_expires ON rate_log (expires);
"""

# the search index and its triggers come after the tables they read
SCHEMA: Final = TABLES + FTS_SCHEMA

# Columns added since the first release: `connect_writer` adds any an existing file
# lacks (ALTER TABLE ... ADD COLUMN rewrites nothing).
ADDED_COLUMNS: Final = (
    ("outbox", "lease_token", "TEXT"),
    ("outbox", "sends", "INTEGER NOT NULL DEFAULT 0"),
)
