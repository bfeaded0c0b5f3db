SELECT * FROM ${prefix}schedules WHERE account = :account AND schedule_key = :key
