-- Mail store (issue 16 item 4): bodies and attachment metadata of received mails live here, outside grain state.
-- The mailbox grain and order threads keep the Message-ID (body id) and a short preview only. Idempotent.
CREATE TABLE IF NOT EXISTS collab_mail_bodies
(
    site         varchar(100)  NOT NULL,
    message_id   varchar(1000) NOT NULL,
    received_at  timestamptz   NOT NULL,
    sender       text          NOT NULL,
    subject      text          NOT NULL,
    text_body    text          NOT NULL,
    html_body    text          NULL,
    body_state   integer       NOT NULL,
    size_bytes   bigint        NOT NULL,
    attachments  text          NOT NULL,
    stored_at    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (site, message_id)
);

CREATE INDEX IF NOT EXISTS ix_collab_mail_bodies_received ON collab_mail_bodies (site, received_at);
