SELECT * FROM ${prefix}executions WHERE id = :id
