"""The analysts' HTML report: `write_report` gathers (data.py), draws (charts.py) and renders
(render.py, report.html) one self-contained page from the published warehouse."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warehouse.connection import published_path, reader
from warehouse.query import run_bounded
from warehouse.report.data import Progress, ReportScopeError, Scope, gather, parse_years
from warehouse.report.render import render_report
from warehouse.sandbox import QueryLimits

__all__ = ["ReportResult", "ReportScopeError", "Scope", "parse_years", "write_report"]


@dataclass(frozen=True)
class ReportResult:
    path: Path
    title: str
    charts: dict[str, int]  # chart key -> marks drawn
    projects: int
    flags: int
    bytes: int
    seconds: float


def write_report(warehouse: Path, out: str | Path, scope: Scope, progress: Progress | None = None,
                 limits: QueryLimits = QueryLimits()) -> ReportResult:
    """Write the report on `scope` of the published `warehouse` to `out` (replaced when complete);
    its queries together within `limits` (timeout, memory) and stopped by Ctrl-C."""
    started = time.perf_counter()
    con = reader(warehouse, limits)
    try:
        data = run_bounded(con, lambda bound: gather(con, scope, progress), limits.timeout)
    finally:
        con.close()
    snapshot = published_path(warehouse)
    source = (snapshot if snapshot.exists() else warehouse).name  # no machine paths in a page that is mailed
    report = render_report(data, scope, datetime.now(), source)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.tmp{os.getpid()}")
    try:
        temporary.write_text(report.html, encoding="utf-8")
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    if progress:
        progress("report", len(data) + 1, len(data) + 1)
    return ReportResult(out, report.title, {c.key: c.marks for c in report.charts}, len(data["projects"]),
                        len(data["review_flags"]), len(report.html.encode("utf-8")), time.perf_counter() - started)
