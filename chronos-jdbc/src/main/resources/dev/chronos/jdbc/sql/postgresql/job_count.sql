SELECT COUNT(*) FROM ${prefix}jobs WHERE account = :account${where}
