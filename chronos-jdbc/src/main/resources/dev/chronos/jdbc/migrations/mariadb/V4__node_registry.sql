-- Chronos schema, version 4, MariaDB: the live-node registry and store-wide leases (see the H2 and
-- PostgreSQL files). Handler names are JSON arrays of strings.

CREATE TABLE ${prefix}nodes (
  node_id         VARCHAR(255)  NOT NULL PRIMARY KEY,
  registration_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  started_at      DATETIME(6)   NOT NULL,
  heartbeat_at    DATETIME(6)   NOT NULL,
  handlers        JSON          NOT NULL,
  pulled_handlers JSON          NOT NULL,
  lanes           JSON          NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

CREATE TABLE ${prefix}leases (
  name       VARCHAR(64)   NOT NULL PRIMARY KEY,
  holder     VARCHAR(255)  NOT NULL,
  expires_at DATETIME(6)   NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
