-- Wakes the feeders listening on the channel.
SELECT pg_notify(:channel, :payload)
