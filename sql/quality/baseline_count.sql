-- A rebuild's starting point is the warehouse it replaces: set one table's row count in gate_before.
-- $table_name, $n
UPDATE gate_before SET n = $n WHERE table_name = $table_name;
