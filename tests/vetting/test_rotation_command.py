"""``incamera rotation plan``: exit 0 with a plan, 3 when none exists, 2 on bad input (one line on stderr)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = "id,name,region,notes\n"


def write_roster(path: Path, count: int, *, regions: int = 4) -> Path:
    path.write_text(HEADER + "".join(f"d{i:02d},Delegation {i},R{i % regions},\n" for i in range(count)), encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("rotation", "plan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def bad_input(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("bad input: ")
    return message


def test_the_exit_codes_and_the_json_of_a_real_process(tmp_path: Path) -> None:
    """The codes reach the shell (Django's CommandError alone would exit 1); the cases run side by side."""
    roster = write_roster(tmp_path / "roster.csv", 30)
    duplicate = tmp_path / "duplicate.csv"
    duplicate.write_text("id,name,region\nfr,France,Europe\nke,Kenya,Africa\nfr,France again,Europe\n", encoding="utf-8")
    plan = ["rotation", "plan", "--input", str(roster), "--seats", "4", "--years", "10", "--start-year", "2027", "--json"]
    cases = {
        "feasible": [*plan, "--max-gap", "8"],
        "infeasible": [*plan, "--max-gap", "5"],
        "duplicate": ["rotation", "plan", "--input", str(duplicate), "--seats", "1", "--years", "2", "--max-gap", "2"],
        "help": ["rotation", "--help"],
        "plan help": ["rotation", "plan", "--help"],
    }
    env = os.environ | {"INCAMERA_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    running = {
        name: subprocess.Popen(
            [sys.executable, "-m", "incamera", *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for name, argv in cases.items()
    }
    results = {name: (process.communicate(timeout=90), process.returncode) for name, process in running.items()}

    (out, err), code = results["feasible"]
    assert code == 0, err
    answer = json.loads(out)  # one object and nothing else
    assert list(answer) == ["feasible", "plan", "reason", "min_feasible_gap"]
    assert answer["feasible"] is True
    assert answer["reason"] is None
    assert answer["min_feasible_gap"] == 8
    assert list(answer["plan"]) == [str(year) for year in range(2027, 2037)]
    assert all(len(ids) == 4 for ids in answer["plan"].values())

    (out, err), code = results["infeasible"]
    assert code == 3, err
    answer = json.loads(out)
    assert answer["feasible"] is False
    assert answer["plan"] == {}
    assert answer["min_feasible_gap"] == 8
    assert answer["reason"].startswith("30 delegations need a seat in every 5-year window, but 5 years × 4 seats = 20 seats")

    (out, err), code = results["duplicate"]
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "line 4, id: 'fr' is already used on line 2" in err

    for name in ("help", "plan help"):
        (out, err), code = results[name]
        assert code == 0, err
        assert "usage: incamera rotation" in out
    assert "{plan}" in results["help"][0][0]
    assert "--max-gap N" in results["plan help"][0][0]
    for column in ("id ", "name ", "region "):  # the input's columns, where a user looks first
        assert f"\n  {column}" in results["plan help"][0][0]


def test_the_table_shows_every_delegation_and_year(tmp_path: Path) -> None:
    out = run(
        "--input", str(write_roster(tmp_path / "r.csv", 12)), "--seats", "3", "--years", "6", "--max-gap", "4", "--start-year", "2031"
    )
    assert "2031" in out
    assert "2036" in out
    assert "2037" not in out
    assert all(f"d{i:02d}" in out for i in range(12))
    assert out.count("●") == 18
    assert "every delegation sits at least once in every 4-year window" in out


def test_without_json_an_infeasible_plan_prints_the_reason_and_exits_3(tmp_path: Path) -> None:
    out = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command(
            "rotation",
            "plan",
            "--input",
            str(write_roster(tmp_path / "r.csv", 30)),
            "--seats",
            "4",
            "--years",
            "10",
            "--max-gap",
            "5",
            stdout=out,
        )
    assert caught.value.code == 3
    text = " ".join(out.getvalue().split())
    assert "No plan: 30 delegations need a seat in every 5-year window" in text
    assert "the smallest gap that works is 8 years" in text


def test_the_start_year_defaults_to_next_year(tmp_path: Path) -> None:
    answer = json.loads(run("--input", str(write_roster(tmp_path / "r.csv", 4)), "--seats", "2", "--years", "2", "--json"))
    next_year = dt.datetime.now(dt.UTC).year + 1
    assert list(answer["plan"]) == [str(next_year), str(next_year + 1)]
    assert answer["min_feasible_gap"] == 2  # --max-gap defaults to 5, more than the horizon


def test_a_bom_an_upper_case_header_and_extra_columns_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffREGION,Name,Id,Seats held\r\nAfrica,Kenya,ke,3\r\nEurope,France,fr,1\r\n".encode())
    answer = json.loads(run("--input", str(path), "--seats", "1", "--years", "2", "--max-gap", "2", "--start-year", "2027", "--json"))
    assert sorted(answer["plan"]) == ["2027", "2028"]
    assert sorted(answer["plan"]["2027"] + answer["plan"]["2028"]) == ["fr", "ke"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,name\nke,Kenya\n", "expected a header with the columns id, name and region; region is missing (found: id, name)"),
        ("id,name,region\n", "expected at least one delegation below the header; the file has none"),
        ("id,name,region\nke,Kenya,Africa\nke,Kenya,Africa\n", "1 problem(s), nothing planned: line 3, id: 'ke' is already used on line 2"),
        ('id,name,region\n"ke,Kenya,Africa\n', "line 2, id: the cell runs over a line break; is a quote left open?"),
        ("id,name,region\nkr,Korea, Republic of,Asia\n", "line 2, row: 4 cells but the header has 3 columns"),
    ],
)
def test_a_malformed_roster_is_bad_input(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(content, encoding="utf-8")
    assert expected in bad_input("--input", str(path), "--seats", "1", "--years", "2")


def test_a_file_that_is_not_utf8_text_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,name,region\nci,Côte d'Ivoire,Africa\n".encode("latin-1"))
    assert "not UTF-8 text" in bad_input("--input", str(path), "--seats", "1", "--years", "2")


def test_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    assert (
        bad_input("--input", str(missing), "--seats", "1", "--years", "2")
        == f"bad input: --input: cannot read {missing}: No such file or directory"
    )


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--seats", "four", "--seats: expected a whole number; found 'four'"),
        ("--seats", "0", "--seats: expected at least 1 seat a year; found 0"),
        ("--years", "2.5", "--years: expected a whole number; found '2.5'"),
        ("--years", "-1", "--years: expected a horizon of 1 to 1000 years; found -1"),
        ("--max-gap", "0", "--max-gap: expected a maximum gap of at least 1 year; found 0"),
        ("--start-year", "1850", "--start-year: expected a start year from 1900 to 3000; found 1850"),
    ],
)
def test_bad_numbers_are_bad_input(tmp_path: Path, option: str, value: str, expected: str) -> None:
    arguments = {"--seats": "2", "--years": "3", "--max-gap": "3", "--start-year": "2027"} | {option: value}
    roster = write_roster(tmp_path / "r.csv", 4)
    assert bad_input("--input", str(roster), *(part for pair in arguments.items() for part in pair)) == f"bad input: {expected}"
