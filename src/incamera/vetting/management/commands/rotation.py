"""``incamera rotation plan``: plan observer seats so that every delegation sits in every N-year window.

incamera rotation plan --input FILE.csv --seats S --years Y --max-gap N [--start-year YEAR] [--json]

The CSV (UTF-8, with or without BOM) has a header with at least ``id,name,region`` in any case;
other columns are ignored.  ``--json`` prints one object and nothing else on stdout:
``{"feasible": ..., "plan": {"2027": [ids...], ...}, "reason": null|"...", "min_feasible_gap": int|null}``.
Without it, a table of delegations × years, or the reason no plan exists.

Exit status: 0 a plan exists, 3 no plan exists (the reason is printed), 2 bad input (one line on
stderr: a missing or unreadable file, a malformed CSV, missing columns, duplicate ids with their
line numbers, numbers out of range).  The planner itself is ``incamera.vetting.rotation``.
"""

from __future__ import annotations

import io
import json
import shutil
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from incamera.kernel.clock import system_clock
from incamera.kernel.errors import InvalidInputError, RowsInvalidError
from incamera.vetting.rotation import Delegation, RotationPlan, plan_rotation, read_roster
from incamera.web.commands import DomainCommand

INPUT_HELP = """\
input columns (a header row first; names in any case and order; other columns are ignored):
  id      required: a short code unique to each delegation (the plan and --json name it)
  name    the delegation's name, shown in the table (may be empty)
  region  required: its region; each year's seats are balanced across regions
The file is CSV (UTF-8, with or without BOM) or XLSX; every bad line is reported, and nothing is
planned until all are right. For example:

  id,name,region
  CL,Chile,Latin America
  KE,Kenya,Africa
  DE,Germany,Europe
"""
INFEASIBLE = 3
BAD_INPUT = 2
SEATED = "●"
OPTIONS = {"input", "seats", "years", "max_gap", "start_year"}  # InvalidInputError.field values that name an option


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _whole(text: str, *, field: str) -> int:
    try:
        return int(text.strip())
    except ValueError as exc:
        msg = f"expected a whole number; found {text!r}"
        raise InvalidInputError(msg, field=field) from exc


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror or type(exc).__name__}"
        raise InvalidInputError(msg, field="input") from exc


def _diagnosis(exc: InvalidInputError, *, path: str) -> str:
    if isinstance(exc, RowsInvalidError):
        return f"{path}: {len(exc.rows)} problem(s), nothing planned: {exc.diagnostics()}"
    if exc.field == "file":
        return f"{path}: {exc.message}"
    if exc.field in OPTIONS:
        return f"--{exc.field.replace('_', '-')}: {exc.message}"
    return exc.diagnostics()


class Command(DomainCommand):
    help = "Plan the rotation of observer seats: every delegation seated at least once in every N-year window."
    requires_system_checks: list[str] = []  # a pure computation: no database, no settings checks

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{plan}")
        plan = actions.add_parser(
            "plan",
            help="plan the observer seats for a horizon of years from a CSV of delegations",
            description=(
                "Seat every delegation at least once in every window of N consecutive years, balanced across regions.\n"
                "Exit status: 0 a plan exists, 3 none exists (with the reason and the smallest gap that works), 2 bad input."
            ),
            epilog=INPUT_HELP,
            formatter_class=RawDescriptionHelpFormatter,
        )
        plan.add_argument("--input", required=True, metavar="FILE.csv", help="CSV or XLSX of delegations (columns below)")
        plan.add_argument("--seats", required=True, metavar="S", help="observer seats a year")
        plan.add_argument("--years", required=True, metavar="Y", help="years in the horizon")
        plan.add_argument("--max-gap", default="5", metavar="N", help="every delegation sits in every N consecutive years (default 5)")
        plan.add_argument("--start-year", metavar="YEAR", help="first year of the horizon (default: next calendar year)")
        plan.add_argument("--json", action="store_true", help="print one JSON object and nothing else")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            seats = _whole(options["seats"], field="seats")
            years = _whole(options["years"], field="years")
            max_gap = _whole(options["max_gap"], field="max_gap")
            start = options["start_year"]
            start_year = _whole(start, field="start_year") if start is not None else system_clock.now().year + 1
            roster = read_roster(_read(options["input"]))
            result = plan_rotation(roster, seats=seats, years=years, max_gap=max_gap, start_year=start_year)
        except InvalidInputError as exc:
            raise CommandError(_one_line(f"bad input: {_diagnosis(exc, path=options['input'])}"), returncode=BAD_INPUT) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            self.stdout.write(self._render(result, roster, seats=seats, max_gap=max_gap), ending="")
        if not result.feasible:
            raise SystemExit(INFEASIBLE)

    def _render(self, result: RotationPlan, roster: list[Delegation], *, seats: int, max_gap: int) -> str:
        tty = self.stdout.isatty()
        out = io.StringIO()
        if not result.feasible:
            width = shutil.get_terminal_size().columns if tty else 100
            console = Console(file=out, force_terminal=tty, width=width, highlight=False)
            console.print(Text.assemble(("No plan: ", "bold red"), str(result.reason)), soft_wrap=not tty)
            return out.getvalue()
        years = sorted(result.plan)
        table = Table(title=f"Observer seats {years[0]}–{years[-1]}", title_justify="left", show_lines=False)
        table.add_column("id", no_wrap=True)
        table.add_column("name")
        table.add_column("region")
        for year in years:
            table.add_column(str(year), justify="center")
        table.add_column("seats", justify="right")
        seated = {year: set(ids) for year, ids in result.plan.items()}
        for delegation in sorted(roster, key=lambda d: (d.region, d.id)):
            marks = [SEATED if delegation.id in seated[year] else "" for year in years]
            table.add_row(*(Text(cell) for cell in (delegation.id, delegation.name, delegation.region, *marks, str(marks.count(SEATED)))))
        table.add_section()
        table.add_row(
            "", "seated", "", *(str(len(result.plan[year])) for year in years), str(sum(len(ids) for ids in result.plan.values()))
        )
        # on a terminal, its width; in a file or a pipe, the table's natural width, never squeezed
        natural = Console(file=io.StringIO(), width=10_000).measure(table).maximum
        width = shutil.get_terminal_size().columns if tty else max(80, natural)
        console = Console(file=out, force_terminal=tty, width=width, highlight=False)
        console.print(table)
        window = min(max_gap, len(years))
        console.print(
            f"{len(roster)} delegations, {seats} seats a year: every delegation sits at least once in every {window}-year window"
            f" (the tightest gap these seats allow is {result.min_feasible_gap} years).",
            soft_wrap=not tty,
        )
        return out.getvalue()
