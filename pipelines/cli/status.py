"""`jixiao status`: what is loaded, per file, with its warnings, validation and quarantine."""

from __future__ import annotations

import click

from pipelines.cli.check import (
    incomplete_tables,
    print_completeness_status,
    print_quarantine_status,
    print_validation_status,
)
from pipelines.cli.options import warehouse_option
from pipelines.cli.terminal import console, fail, say
from warehouse.connection import reader, warehouse_path
from warehouse.quarantine import holds, latest_results


@click.command("status")
@warehouse_option
def status_command(warehouse: str | None) -> None:
    """What is loaded, per file, and the warnings raised while reading it."""
    target = warehouse_path(warehouse)
    try:
        con = reader(target)
    except FileNotFoundError as exc:
        fail(exc, 2)
    try:
        files = con.execute(
            "SELECT file_name, budget_year, year_source, status, unit_tables, project_tables, indicators, "
            "project_total_yuan, warning_count, error, submission_key FROM v_submission_summary "
            "ORDER BY loaded_at, file_name"
        ).fetchall()
        warnings = con.execute(
            "SELECT s.file_name, d.subject_name, w.source_line, w.severity, w.code, w.message "
            "FROM parse_warnings w JOIN submissions s USING (submission_key) "
            "LEFT JOIN documents d USING (document_key) ORDER BY s.file_name, w.source_line"
        ).fetchall()
        held, results, incomplete = holds(con), latest_results(con), incomplete_tables(con)
    finally:
        con.close()
    say(f"warehouse {target}")
    if not files:
        console.print("nothing loaded yet")
    for name, year, source, status, units, projects, indicators, total, count, error, key in files:
        say(f"{name}  {status}  budget year {year if year else '?'} ({source or 'unknown'})")
        if error:
            say(f"  {error}")
            continue
        total_text = f"{total:,.2f} 元" if total is not None else "none"
        say(f"  {units} unit table(s), {projects} project table(s), {indicators} indicators, "
                      f"project total {total_text}, {count} warning(s)")
        for file, subject, line, severity, code, message in warnings:
            if file == name:
                say(f"  line {line} [{subject}] {severity} {code}: {message}")
        print_completeness_status(key, incomplete)
        print_validation_status(name, key, results)
    print_quarantine_status(held, results, {row[-1]: row[0] for row in files})
