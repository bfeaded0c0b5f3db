-- The job holding an idempotency key, through the idempotency index.
SELECT id FROM ${prefix}jobs WHERE account = :account AND idempotency_key = :key
