-- Chronos schema, version 4, PostgreSQL: the live-node registry and store-wide leases.
-- A node registers at start (refused while another live node holds its id), heartbeats from its
-- rescuer loop and deletes its row at close; a node is live while its heartbeat is younger than
-- the engine's node timeout. Handler names are JSON arrays of strings.

CREATE TABLE ${prefix}nodes (
  node_id         varchar(255) PRIMARY KEY,
  registration_id uuid         NOT NULL,
  started_at      timestamptz  NOT NULL,
  heartbeat_at    timestamptz  NOT NULL,
  handlers        text         NOT NULL,
  pulled_handlers text         NOT NULL,
  lanes           text         NOT NULL
);

-- Work one node at a time does (the purge): taken and renewed with a conditional update.
CREATE TABLE ${prefix}leases (
  name       varchar(64)  PRIMARY KEY,
  holder     varchar(255) NOT NULL,
  expires_at timestamptz  NOT NULL
);
