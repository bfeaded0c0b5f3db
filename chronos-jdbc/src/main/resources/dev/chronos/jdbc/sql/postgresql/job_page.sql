-- A page of an account's jobs, newest first; ${where} is built from the code's fixed conditions.
SELECT * FROM ${prefix}jobs WHERE account = :account${where}
ORDER BY created_at DESC, id DESC LIMIT :size OFFSET :offset
