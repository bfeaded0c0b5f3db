-- A page of an account's schedules, newest first; ${where} is one of the code's fixed conditions.
SELECT * FROM ${prefix}schedules WHERE account = :account${where}
ORDER BY created_at DESC, id DESC LIMIT :size OFFSET :offset
