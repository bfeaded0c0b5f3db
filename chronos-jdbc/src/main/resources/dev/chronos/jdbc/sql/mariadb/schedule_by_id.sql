SELECT * FROM ${prefix}schedules WHERE id = :id
