SELECT COUNT(*) FROM ${prefix}schedules WHERE account = :account${where}
