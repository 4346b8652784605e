namespace Parley.Server.Storage.Sqlite;

/// <summary>
/// The SQLite schema history. Append new migrations at the end with the next version; never edit an applied one.
/// Times are Unix milliseconds (INTEGER) and booleans 0/1, so the same shapes map to PostgreSQL bigint/boolean.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "apps, roles, users, settings", """
            CREATE TABLE apps (
                sdk_app_id     INTEGER NOT NULL PRIMARY KEY,
                account_type   INTEGER NOT NULL UNIQUE,
                name           TEXT    NOT NULL,
                secret_key     TEXT    NOT NULL,
                public_key_pem TEXT    NULL,
                created_at     INTEGER NOT NULL
            );

            CREATE TABLE roles (
                sdk_app_id             INTEGER NOT NULL,
                platform               TEXT    NOT NULL,
                name                   TEXT    NOT NULL,
                video_width            INTEGER NOT NULL,
                video_height           INTEGER NOT NULL,
                video_fps              INTEGER NOT NULL,
                video_min_bitrate_kbps INTEGER NOT NULL,
                video_max_bitrate_kbps INTEGER NOT NULL,
                audio_sample_rate      INTEGER NOT NULL,
                audio_channels         INTEGER NOT NULL,
                audio_bitrate_kbps     INTEGER NOT NULL,
                is_default             INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (sdk_app_id, platform, name)
            );

            CREATE TABLE users (
                sdk_app_id         INTEGER NOT NULL,
                identifier_key     TEXT    NOT NULL,
                display_identifier TEXT    NOT NULL,
                created_at         INTEGER NOT NULL,
                last_login_at      INTEGER NOT NULL,
                PRIMARY KEY (sdk_app_id, identifier_key)
            );

            CREATE TABLE settings (
                key   TEXT NOT NULL PRIMARY KEY,
                value TEXT NOT NULL
            );
            """),
        new(2, "apps.require_private_map_key (docs/protocol.md §12)", """
            ALTER TABLE apps ADD COLUMN require_private_map_key INTEGER NOT NULL DEFAULT 0;
            """),
        new(3, "users.nick, users.face_url (REST account_import)", """
            ALTER TABLE users ADD COLUMN nick TEXT NULL;
            ALTER TABLE users ADD COLUMN face_url TEXT NULL;
            """),
        new(4, "groups and group_members (R5)", """
            CREATE TABLE groups (
                sdk_app_id        INTEGER NOT NULL,
                group_id          TEXT    NOT NULL,
                type              TEXT    NOT NULL,
                name              TEXT    NOT NULL,
                introduction      TEXT    NULL,
                notification      TEXT    NULL,
                face_url          TEXT    NULL,
                owner             TEXT    NULL,
                max_member_count  INTEGER NOT NULL,
                apply_join_option TEXT    NOT NULL,
                created_at        INTEGER NOT NULL,
                PRIMARY KEY (sdk_app_id, group_id)
            );

            CREATE TABLE group_members (
                sdk_app_id     INTEGER NOT NULL,
                group_id       TEXT    NOT NULL,
                identifier_key TEXT    NOT NULL,
                identifier     TEXT    NOT NULL,
                role           TEXT    NOT NULL,
                joined_at      INTEGER NOT NULL,
                shut_up_until  INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (sdk_app_id, group_id, identifier_key)
            );

            CREATE INDEX group_members_by_member ON group_members (sdk_app_id, identifier_key, group_id);
            """),
        new(5, "group_messages (R6.1): history of Private, Public and ChatRoom groups", """
            CREATE TABLE group_messages (
                sdk_app_id   INTEGER NOT NULL,
                group_id     TEXT    NOT NULL,
                msg_seq      INTEGER NOT NULL,
                msg_random   INTEGER NOT NULL,
                msg_time     INTEGER NOT NULL,
                from_account TEXT    NOT NULL,
                priority     TEXT    NOT NULL,
                msg_body     TEXT    NOT NULL,
                PRIMARY KEY (sdk_app_id, group_id, msg_seq)
            );
            """),
        new(6, "group management, join requests, read cursors, recalls, C2C messages and system notifications (R5, R6)", """
            ALTER TABLE groups ADD COLUMN shut_up_all INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE groups ADD COLUMN app_defined_data TEXT NULL;
            ALTER TABLE groups ADD COLUMN last_active_at INTEGER NOT NULL DEFAULT 0;
            UPDATE groups SET last_active_at = created_at;
            ALTER TABLE group_members ADD COLUMN name_card TEXT NULL;
            ALTER TABLE group_members ADD COLUMN read_seq INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE group_messages ADD COLUMN recalled INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX group_messages_by_time ON group_messages (sdk_app_id, group_id, msg_time);
            CREATE INDEX groups_by_type_activity ON groups (type, last_active_at);

            CREATE TABLE group_join_requests (
                sdk_app_id    INTEGER NOT NULL,
                group_id      TEXT    NOT NULL,
                applicant_key TEXT    NOT NULL,
                applicant     TEXT    NOT NULL,
                message       TEXT    NULL,
                requested_at  INTEGER NOT NULL,
                PRIMARY KEY (sdk_app_id, group_id, applicant_key)
            );

            CREATE TABLE c2c_messages (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                sdk_app_id   INTEGER NOT NULL,
                from_key     TEXT    NOT NULL,
                from_account TEXT    NOT NULL,
                to_key       TEXT    NOT NULL,
                to_account   TEXT    NOT NULL,
                msg_random   INTEGER NOT NULL,
                msg_time     INTEGER NOT NULL,
                msg_body     TEXT    NOT NULL,
                recalled     INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX c2c_messages_to ON c2c_messages (sdk_app_id, to_key, id);
            CREATE INDEX c2c_messages_from ON c2c_messages (sdk_app_id, from_key, id);
            CREATE INDEX c2c_messages_duplicates ON c2c_messages (sdk_app_id, to_key, from_key, msg_random);

            CREATE TABLE c2c_read (
                sdk_app_id INTEGER NOT NULL,
                user_key   TEXT    NOT NULL,
                peer_key   TEXT    NOT NULL,
                read_id    INTEGER NOT NULL,
                PRIMARY KEY (sdk_app_id, user_key, peer_key)
            );

            CREATE TABLE system_notifications (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                sdk_app_id INTEGER NOT NULL,
                user_key   TEXT    NOT NULL,
                type       TEXT    NOT NULL,
                group_id   TEXT    NOT NULL,
                operator   TEXT    NOT NULL,
                time       INTEGER NOT NULL,
                applicant  TEXT    NULL,
                message    TEXT    NULL,
                content    TEXT    NULL
            );
            CREATE INDEX system_notifications_by_user ON system_notifications (sdk_app_id, user_key, id);
            """),
        new(7, "event callbacks: per-app settings, the outbox and dead letters (docs/callbacks.md)", """
            CREATE TABLE callback_settings (
                sdk_app_id             INTEGER NOT NULL PRIMARY KEY,
                url                    TEXT    NULL,
                events                 TEXT    NULL,
                before_send_url        TEXT    NULL,
                before_send_timeout_ms INTEGER NOT NULL,
                before_send_fail_open  INTEGER NOT NULL,
                signing_key            TEXT    NOT NULL,
                updated_at             INTEGER NOT NULL
            );

            CREATE TABLE callback_outbox (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id        TEXT    NOT NULL,
                sdk_app_id      INTEGER NOT NULL,
                event_type      INTEGER NOT NULL,
                url             TEXT    NOT NULL,
                body            TEXT    NOT NULL,
                attempts        INTEGER NOT NULL DEFAULT 0,
                last_error      TEXT    NULL,
                created_at      INTEGER NOT NULL,
                next_attempt_at INTEGER NOT NULL,
                claim_token     TEXT    NULL,
                claimed_by      TEXT    NULL
            );
            CREATE INDEX callback_outbox_due ON callback_outbox (next_attempt_at, id);
            CREATE INDEX callback_outbox_by_app ON callback_outbox (sdk_app_id, id);

            CREATE TABLE callback_dead_letters (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id   TEXT    NOT NULL,
                sdk_app_id INTEGER NOT NULL,
                event_type INTEGER NOT NULL,
                url        TEXT    NOT NULL,
                body       TEXT    NOT NULL,
                attempts   INTEGER NOT NULL,
                last_error TEXT    NULL,
                created_at INTEGER NOT NULL,
                dead_at    INTEGER NOT NULL
            );
            CREATE INDEX callback_dead_letters_by_app ON callback_dead_letters (sdk_app_id, id);
            """),
    ];
}
