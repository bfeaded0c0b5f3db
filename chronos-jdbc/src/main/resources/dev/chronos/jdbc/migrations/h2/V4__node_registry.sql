-- Chronos schema, version 4, H2: the live-node registry and store-wide leases.
-- A node registers at start (refused while another live node holds its id), heartbeats from its
-- rescuer loop and deletes its row at close; a node is live while its heartbeat is younger than
-- the engine's node timeout. Handler names are JSON arrays of strings.

CREATE TABLE ${prefix}nodes (
  node_id         VARCHAR(255)  PRIMARY KEY,
  registration_id UUID          NOT NULL,
  started_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  heartbeat_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  handlers        CHARACTER LARGE OBJECT NOT NULL,
  pulled_handlers CHARACTER LARGE OBJECT NOT NULL,
  lanes           CHARACTER LARGE OBJECT NOT NULL
);

-- Work one node at a time does (the purge): taken and renewed with a conditional update.
CREATE TABLE ${prefix}leases (
  name       VARCHAR(64)   PRIMARY KEY,
  holder     VARCHAR(255)  NOT NULL,
  expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
