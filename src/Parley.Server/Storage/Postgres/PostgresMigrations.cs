namespace Parley.Server.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema history. Append new migrations at the end with the next version; never edit an applied one.
/// Version 1 is the whole schema of SQLite versions 1–6 in one step (PostgreSQL support began there). The shapes match
/// the SQLite schema column for column — <c>bigint</c> for numbers and Unix-millisecond times, 0/1 for flags — so the
/// shared stores run the same SQL on both; key columns sort bytewise (<c>COLLATE "C"</c>) as they do in SQLite,
/// whatever the database's locale.
/// </summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "apps, roles, users, settings, groups, members, messages, join requests, C2C, system notifications (SQLite 1–6)", """
            CREATE TABLE apps (
                sdk_app_id              bigint NOT NULL PRIMARY KEY,
                account_type            bigint NOT NULL UNIQUE,
                name                    text   NOT NULL,
                secret_key              text   NOT NULL,
                public_key_pem          text   NULL,
                created_at              bigint NOT NULL,
                require_private_map_key bigint NOT NULL DEFAULT 0
            );

            CREATE TABLE roles (
                sdk_app_id             bigint NOT NULL,
                platform               text COLLATE "C" NOT NULL,
                name                   text COLLATE "C" NOT NULL,
                video_width            bigint NOT NULL,
                video_height           bigint NOT NULL,
                video_fps              bigint NOT NULL,
                video_min_bitrate_kbps bigint NOT NULL,
                video_max_bitrate_kbps bigint NOT NULL,
                audio_sample_rate      bigint NOT NULL,
                audio_channels         bigint NOT NULL,
                audio_bitrate_kbps     bigint NOT NULL,
                is_default             bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (sdk_app_id, platform, name)
            );

            CREATE TABLE users (
                sdk_app_id         bigint NOT NULL,
                identifier_key     text COLLATE "C" NOT NULL,
                display_identifier text   NOT NULL,
                created_at         bigint NOT NULL,
                last_login_at      bigint NOT NULL,
                nick               text   NULL,
                face_url           text   NULL,
                PRIMARY KEY (sdk_app_id, identifier_key)
            );

            CREATE TABLE settings (
                key   text COLLATE "C" NOT NULL PRIMARY KEY,
                value text NOT NULL
            );

            CREATE TABLE groups (
                sdk_app_id        bigint NOT NULL,
                group_id          text COLLATE "C" NOT NULL,
                type              text   NOT NULL,
                name              text   NOT NULL,
                introduction      text   NULL,
                notification      text   NULL,
                face_url          text   NULL,
                owner             text   NULL,
                max_member_count  bigint NOT NULL,
                apply_join_option text   NOT NULL,
                created_at        bigint NOT NULL,
                shut_up_all       bigint NOT NULL DEFAULT 0,
                app_defined_data  text   NULL,
                last_active_at    bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (sdk_app_id, group_id)
            );
            CREATE INDEX groups_by_type_activity ON groups (type, last_active_at);

            CREATE TABLE group_members (
                sdk_app_id     bigint NOT NULL,
                group_id       text COLLATE "C" NOT NULL,
                identifier_key text COLLATE "C" NOT NULL,
                identifier     text   NOT NULL,
                role           text   NOT NULL,
                joined_at      bigint NOT NULL,
                shut_up_until  bigint NOT NULL DEFAULT 0,
                name_card      text   NULL,
                read_seq       bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (sdk_app_id, group_id, identifier_key)
            );
            CREATE INDEX group_members_by_member ON group_members (sdk_app_id, identifier_key, group_id);

            CREATE TABLE group_messages (
                sdk_app_id   bigint NOT NULL,
                group_id     text COLLATE "C" NOT NULL,
                msg_seq      bigint NOT NULL,
                msg_random   bigint NOT NULL,
                msg_time     bigint NOT NULL,
                from_account text   NOT NULL,
                priority     text   NOT NULL,
                msg_body     text   NOT NULL,
                recalled     bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (sdk_app_id, group_id, msg_seq)
            );
            CREATE INDEX group_messages_by_time ON group_messages (sdk_app_id, group_id, msg_time);

            CREATE TABLE group_join_requests (
                sdk_app_id    bigint NOT NULL,
                group_id      text COLLATE "C" NOT NULL,
                applicant_key text COLLATE "C" NOT NULL,
                applicant     text   NOT NULL,
                message       text   NULL,
                requested_at  bigint NOT NULL,
                PRIMARY KEY (sdk_app_id, group_id, applicant_key)
            );

            CREATE TABLE c2c_messages (
                id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                sdk_app_id   bigint NOT NULL,
                from_key     text COLLATE "C" NOT NULL,
                from_account text   NOT NULL,
                to_key       text COLLATE "C" NOT NULL,
                to_account   text   NOT NULL,
                msg_random   bigint NOT NULL,
                msg_time     bigint NOT NULL,
                msg_body     text   NOT NULL,
                recalled     bigint NOT NULL DEFAULT 0
            );
            CREATE INDEX c2c_messages_to ON c2c_messages (sdk_app_id, to_key, id);
            CREATE INDEX c2c_messages_from ON c2c_messages (sdk_app_id, from_key, id);
            CREATE INDEX c2c_messages_duplicates ON c2c_messages (sdk_app_id, to_key, from_key, msg_random);

            CREATE TABLE c2c_read (
                sdk_app_id bigint NOT NULL,
                user_key   text COLLATE "C" NOT NULL,
                peer_key   text COLLATE "C" NOT NULL,
                read_id    bigint NOT NULL,
                PRIMARY KEY (sdk_app_id, user_key, peer_key)
            );

            CREATE TABLE system_notifications (
                id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                sdk_app_id bigint NOT NULL,
                user_key   text COLLATE "C" NOT NULL,
                type       text   NOT NULL,
                group_id   text   NOT NULL,
                operator   text   NOT NULL,
                time       bigint NOT NULL,
                applicant  text   NULL,
                message    text   NULL,
                content    text   NULL
            );
            CREATE INDEX system_notifications_by_user ON system_notifications (sdk_app_id, user_key, id);
            """),
        new(2, "Orleans membership (Orleans:ClusteringMode=postgres): the table version and one row per silo", """
            CREATE TABLE orleans_membership_version (
                cluster_id text COLLATE "C" NOT NULL PRIMARY KEY,
                version    bigint NOT NULL,
                etag       text   NOT NULL
            );

            CREATE TABLE orleans_membership (
                cluster_id      text COLLATE "C" NOT NULL,
                silo            text COLLATE "C" NOT NULL,
                silo_name       text   NULL,
                host_name       text   NULL,
                status          integer NOT NULL,
                proxy_port      integer NOT NULL,
                role_name       text   NULL,
                update_zone     integer NOT NULL,
                fault_zone      integer NOT NULL,
                suspect_times   text   NULL,
                start_time      bigint NOT NULL,
                i_am_alive_time bigint NOT NULL,
                row_etag        text   NOT NULL,
                PRIMARY KEY (cluster_id, silo)
            );
            """),
        new(3, "uploaded files in the database, so every node of a cluster serves them", """
            CREATE TABLE uploads (
                sdk_app_id bigint NOT NULL,
                uuid       text COLLATE "C" NOT NULL,
                metadata   text   NULL,
                content    bytea  NOT NULL,
                created_at bigint NOT NULL,
                PRIMARY KEY (sdk_app_id, uuid)
            );
            """),
        new(4, "event callbacks: per-app settings, the outbox and dead letters (SQLite 7, docs/callbacks.md)", """
            CREATE TABLE callback_settings (
                sdk_app_id             bigint NOT NULL PRIMARY KEY,
                url                    text   NULL,
                events                 text   NULL,
                before_send_url        text   NULL,
                before_send_timeout_ms bigint NOT NULL,
                before_send_fail_open  bigint NOT NULL,
                signing_key            text   NOT NULL,
                updated_at             bigint NOT NULL
            );

            CREATE TABLE callback_outbox (
                id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                event_id        text COLLATE "C" NOT NULL,
                sdk_app_id      bigint NOT NULL,
                event_type      bigint NOT NULL,
                url             text   NOT NULL,
                body            text   NOT NULL,
                attempts        bigint NOT NULL DEFAULT 0,
                last_error      text   NULL,
                created_at      bigint NOT NULL,
                next_attempt_at bigint NOT NULL,
                claim_token     text COLLATE "C" NULL,
                claimed_by      text   NULL
            );
            CREATE INDEX callback_outbox_due ON callback_outbox (next_attempt_at, id);
            CREATE INDEX callback_outbox_by_app ON callback_outbox (sdk_app_id, id);

            CREATE TABLE callback_dead_letters (
                id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                event_id   text COLLATE "C" NOT NULL,
                sdk_app_id bigint NOT NULL,
                event_type bigint NOT NULL,
                url        text   NOT NULL,
                body       text   NOT NULL,
                attempts   bigint NOT NULL,
                last_error text   NULL,
                created_at bigint NOT NULL,
                dead_at    bigint NOT NULL
            );
            CREATE INDEX callback_dead_letters_by_app ON callback_dead_letters (sdk_app_id, id);
            """),
    ];
}
