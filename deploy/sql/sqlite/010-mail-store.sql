-- Mail store (issue 16 item 4): bodies and attachment metadata of received mails live here, outside grain state.
-- The mailbox grain and order threads keep the Message-ID (body id) and a short preview only. Idempotent.
CREATE TABLE IF NOT EXISTS collab_mail_bodies
(
    site         TEXT    NOT NULL,
    message_id   TEXT    NOT NULL,
    received_at  TEXT    NOT NULL,
    sender       TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    text_body    TEXT    NOT NULL,
    html_body    TEXT    NULL,
    body_state   INTEGER NOT NULL,
    size_bytes   INTEGER NOT NULL,
    attachments  TEXT    NOT NULL,
    stored_at    TEXT    NOT NULL,
    PRIMARY KEY (site, message_id)
);

CREATE INDEX IF NOT EXISTS ix_collab_mail_bodies_received ON collab_mail_bodies (site, received_at);
