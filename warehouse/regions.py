"""Department regions (province / prefecture / county) from their names, kept on `departments`.

Only departments not yet placed with the current gazetteer are looked up, so a load costs what its
new departments cost; upgrading the gazetteer package places every department again once.
"""

from __future__ import annotations

import duckdb
import polars as pl

from sources.gazetteer import Gazetteer, default_gazetteer
from warehouse.changes import Changes

REGION_SCHEMA = {
    "department_key": pl.String, "province": pl.String, "prefecture": pl.String,
    "county": pl.String, "region_code": pl.String, "region_source": pl.String,
}


def update_regions(con: duckdb.DuckDBPyConnection, gazetteer: Gazetteer | None = None,
                   changes: Changes | None = None) -> int:
    """Place the departments not placed with this gazetteer yet; return how many were looked up
    (and add them to `changes`)."""
    gazetteer = gazetteer or default_gazetteer()
    todo = con.execute(
        "SELECT department_key, department_name FROM departments WHERE region_gazetteer IS DISTINCT FROM ?",
        [gazetteer.version],
    ).fetchall()
    if not todo:
        return 0
    if changes is not None:
        changes.add("department_key", (key for key, _ in todo))
    rows = []
    for key, name in todo:
        region = gazetteer.lookup(name)
        rows.append((key, region.province, region.prefecture, region.county, region.code, region.source))
    con.register("placed", pl.DataFrame(rows, schema=REGION_SCHEMA, orient="row").to_arrow())
    try:
        con.execute(
            "UPDATE departments SET province = placed.province, prefecture = placed.prefecture, "
            "county = placed.county, region_code = placed.region_code, "
            "region_source = placed.region_source, region_gazetteer = ? "
            "FROM placed WHERE departments.department_key = placed.department_key",
            [gazetteer.version],
        )
    finally:
        con.unregister("placed")
    return len(rows)
