-- The current_* views (history.sql) are the rows of their table that no resubmission superseded,
-- column for column: each of their columns takes the comment of the table's column. This query
-- yields one COMMENT ON COLUMN statement per column; ensure_schema runs them after the views exist.
SELECT format('COMMENT ON COLUMN "{}"."{}" IS ''{}''', v.view_name, vc.column_name, replace(tc.comment, '''', ''''''))
FROM duckdb_views() v
JOIN duckdb_columns() vc ON vc.schema_name = 'main' AND vc.table_name = v.view_name
JOIN duckdb_columns() tc ON tc.schema_name = 'main' AND tc.table_name = substr(v.view_name, length('current_') + 1)
                        AND tc.column_name = vc.column_name
WHERE v.schema_name = 'main' AND NOT v.internal AND starts_with(v.view_name, 'current_') AND tc.comment IS NOT NULL
ORDER BY v.view_name, vc.column_index
