-- The settings that lock down every connection analysts read the warehouse with (warehouse.sandbox):
-- no file, network or extension access (read_csv, read_parquet, read_json, read_text, glob, ATTACH,
-- COPY ... TO, EXPORT DATABASE, INSTALL and LOAD all fail with a PermissionException), then the
-- configuration locked, last, so no query can switch anything back. The memory limit and the spill
-- directory are set when the connection opens, before this runs.
SET enable_external_access = false;
SET autoinstall_known_extensions = false;
SET autoload_known_extensions = false;
SET allow_community_extensions = false;
SET lock_configuration = true;
