package dev.chronos.jdbc;

/**
 * Transactional submit on MariaDB: get-or-create is {@code INSERT ... ON DUPLICATE KEY UPDATE id =
 * id} and a locking read in the caller's transaction; no NOTIFY, so the node's commit watch finds
 * the committed job. The caller's session runs in {@code +05:30} (see {@link MariaDbDatabase}).
 */
class MariaDbTransactionalSubmitTest extends SharedServerTransactionalSubmitTest {
  @Override
  SharedDatabase server() {
    return MariaDbDatabase.SERVER;
  }
}
