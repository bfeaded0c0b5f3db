SELECT * FROM ${prefix}executions WHERE id IN (<ids>)
