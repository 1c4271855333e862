"""Reading a roster: what is wrong, and where (incamera/redact/roster.py), and the command."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from incamera.redact import Roster, RosterError


@pytest.mark.parametrize(
    ("roster", "message"),
    [
        ("{not json", "the roster is not JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
        ('{"id": "a"}', "the roster must be a JSON list of people"),
        ('[{"family_name": {"en": "Wang"}}]', "entry 1: missing id"),
        ('[{"id": " "}]', "entry 1: missing id"),
        ('[{"id": "a"}, {"id": "a"}]', "entry 2: id 'a' is also the id of entry 1"),
        (
            '[{"id": "a", "family_name": {"en": "Wa\\u200bng"}}]',
            "entry 1 (id 'a'): family_name.en 'Wa\\u200bng' contains an invisible character (U+200B); type it without",
        ),
        ('[{"id": "a", "country": "XX"}]', "entry 1 (id 'a'): unknown country code 'XX' (ISO 3166-1 alpha-2, such as CN or FR)"),
        (
            '[{"id": "a", "family_name": {"de": "Wang"}}]',
            "entry 1 (id 'a'): family_name has language 'de'; use one of ar, en, es, fr, ru, zh",
        ),
        ('[{"id": "a", "nickname": "W"}]', "entry 1: unknown field 'nickname'"),
        ('[{"id": "a", "gender": "x"}]', "entry 1 (id 'a'): gender must be 'm', 'f' or absent, not 'x'"),
        ('[{"id": "a", "aliases": "W"}]', "entry 1 (id 'a'): aliases must be a list of strings"),
        ('[{"id": "a", "email": 5}]', "entry 1 (id 'a'): email must be text"),
        ("[3]", "entry 1: must be an object, not int"),
    ],
)
def test_a_bad_roster_is_refused_precisely(roster: str, message: str) -> None:
    with pytest.raises(RosterError) as caught:
        Roster.from_json(roster)
    assert str(caught.value) == message


def test_a_good_roster() -> None:
    roster = Roster.from_json('[{"id": 7, "family_name": {"en": " Wang "}, "country": "cn"}, {"id": "b"}]')
    assert [p.id for p in roster.people] == ["7", "b"]
    assert roster.people[0].family_name == {"en": "Wang"}
    assert roster.people[0].country == "CN"


def run(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "incamera", "redact", *args], input=stdin, capture_output=True, text=True, check=False)


def test_the_command_redacts_jsonl_in_order(tmp_path: Path) -> None:
    roster = tmp_path / "roster.json"
    roster.write_text(
        json.dumps(
            [{"id": "p1", "family_name": {"en": "Wang", "zh": "王"}, "given_name": {"zh": "伟"}, "role": "minister", "country": "CN"}]
        )
    )
    lines = [{"text": "Mr Wang spoke.", "lang": "en"}, {"text": "王部长发言。"}, "not json", {"text": 5}]
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    done = run(["--roster", str(roster), "--jsonl"], stdin)
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert out[0] == {"text": "Participant A spoke.", "spans": [[0, 7, "person", "p1"]]}
    assert out[1] == {"text": "参与者A发言。", "spans": [[0, 3, "person", "p1"]]}
    assert out[2] == {"error": "line 3: not JSON (Expecting value, column 1)"}
    assert out[3]["error"].startswith('line 4: expected {"text": string')
    assert done.returncode == 1
    assert "2 line(s) could not be read" in done.stderr


def test_the_command_redacts_plain_text(tmp_path: Path) -> None:
    roster = tmp_path / "roster.json"
    roster.write_text('[{"id": "p1", "family_name": {"en": "Wang"}, "given_name": {"en": "Wei"}}]')
    done = run(["--roster", str(roster), "--lang", "en"], "Wang Wei said so.\n")
    assert (done.returncode, done.stdout) == (0, "Participant A said so.\n")


def test_the_command_refuses_a_bad_roster_with_exit_2(tmp_path: Path) -> None:
    roster = tmp_path / "roster.json"
    roster.write_text('[{"id": "a"}, {"id": "a"}]')
    done = run(["--roster", str(roster), "--jsonl"], "")
    assert done.returncode == 2
    assert done.stderr.strip() == f"incamera redact: {roster}: entry 2: id 'a' is also the id of entry 1"
    missing = run(["--roster", str(tmp_path / "nope.json")], "")
    assert missing.returncode == 2
    assert "cannot read the roster" in missing.stderr


def test_a_large_input_shared_among_workers_keeps_its_order(tmp_path: Path) -> None:
    """Over a million characters the command forks workers: the lines come back in order and as
    one process would write them."""
    from incamera.redact import Redactor
    from incamera.redact.cli import _PARALLEL_FROM

    people = [{"id": f"p{n}", "given_name": {"en": f"Anna{n}"}, "family_name": {"en": f"Berg{n}"}} for n in range(50)]
    roster = tmp_path / "roster.json"
    roster.write_text(json.dumps(people))
    lines: list[dict[str, str] | str] = [
        {"text": f"Line {n}: Anna{n % 50} Berg{n % 50} met Mr Berg{(n + 1) % 50}. " * 12, "lang": "en"} for n in range(2500)
    ]
    lines[776] = lines[1999] = "{not json"  # in two different workers' shares
    stdin = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    assert len(stdin) > _PARALLEL_FROM
    done = run(["--roster", str(roster), "--jsonl"], stdin)
    assert done.returncode == 1, done.stderr
    redactor = Redactor(Roster.from_json(people))
    expected: list[dict[str, object]] = []
    for number, line in enumerate(lines, start=1):
        if isinstance(line, str):
            expected.append({"error": f"line {number}: not JSON (Expecting property name enclosed in double quotes, column 2)"})
            continue
        result = redactor.redact(line["text"], "en")
        expected.append({"text": result.text, "spans": [span.as_list() for span in result.spans]})
    assert [json.loads(line) for line in done.stdout.splitlines()] == expected


def test_a_line_ends_at_a_line_feed_only_and_bytes_that_are_not_utf8_are_replaced(tmp_path: Path) -> None:
    """A JSON string may hold U+2028 or U+0085 as they are: the line stays whole.  A line that
    is not UTF-8 is read with U+FFFD in place of what cannot be read, as in the text mode."""
    roster = tmp_path / "roster.json"
    roster.write_text('[{"id": "p1", "family_name": {"en": "Wang"}, "given_name": {"en": "Wei"}}]')
    stdin = '{"text": "Wang Wei\u2028said\x85so", "lang": "en"}\r\n'.encode() + b'{"text": "Wang Wei \xff", "lang": "en"}\n'
    done = subprocess.run(
        [sys.executable, "-m", "incamera", "redact", "--roster", str(roster), "--jsonl"], input=stdin, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.split(b"\n") if line] == [
        {"text": "Participant A\u2028said\x85so", "spans": [[0, 8, "person", "p1"]]},
        {"text": "Participant A \ufffd", "spans": [[0, 8, "person", "p1"]]},
    ]


def test_the_pure_python_path_shares_a_large_input_among_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Without the compiled engine the command forks processes (the GIL would hold threads back):
    the same lines come back, in order."""
    import functools

    from incamera.redact import Redactor, cli

    people = [{"id": f"p{n}", "given_name": {"en": f"Anna{n}"}, "family_name": {"en": f"Berg{n}"}} for n in range(20)]
    roster = tmp_path / "roster.json"
    roster.write_text(json.dumps(people))
    lines = [{"text": f"Line {n}: Anna{n % 20} Berg{n % 20} met Mr Berg{(n + 1) % 20}. " * 12, "lang": "en"} for n in range(2200)]
    data = "".join(json.dumps(line) + "\n" for line in lines).encode()
    assert len(data) > cli._PARALLEL_FROM
    monkeypatch.setattr(cli, "Redactor", functools.partial(Redactor, compiled=False))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert cli.main(["--roster", str(roster), "--jsonl"]) == 0
    expected = Redactor(Roster.from_json(people), compiled=True).jsonl_lines([(line["text"], "en") for line in lines])
    assert capsysbinary.readouterr().out == b"".join(expected)
