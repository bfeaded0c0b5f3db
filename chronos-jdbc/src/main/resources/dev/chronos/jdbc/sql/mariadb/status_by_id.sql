SELECT status FROM ${prefix}jobs WHERE id = :id
