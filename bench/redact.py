"""De-attribution (issue 11): ``incamera redact`` beside Presidio and an input/output floor, in one run.

    .venv/bin/python bench/redact.py [--chars 10000000] [--seed 11] [--workdir .bench/redact]
                                     [--presidio-fraction 0.1] [--skip-presidio] [--only-generate]

1. Generates the corpus (bench/redact_corpus.py): roundtable notes in ar, en, es, fr, ru and zh,
   CHARS characters balanced over the languages, with gold spans of every kind and topic mentions
   of countries that must survive; writes corpus.jsonl, gold.jsonl and roster.json to WORKDIR.
2. Runs, one after another, each timed wall-clock with its process start-up:
   - floor: a Python process that reads the same JSONL lines and writes them back as
     ``{"text": same, "spans": []}`` without redacting;
   - incamera: ``incamera redact --roster roster.json --jsonl < corpus.jsonl``;
   - Presidio: presidio-analyzer in its own virtual environment (.bench/presidio-venv, created
     on first use), ``AnalyzerEngine`` with ``NoOpNlpEngine`` and, per language, a deny-list
     ``PatternRecognizer`` holding every gold surface form of that language, an
     ``EmailRecognizer`` and a ``PhoneRecognizer`` over the roster's countries.  Presidio is slow,
     so by default it runs on a stratified sample of the lines (PRESIDIO_FRACTION per language)
     and its rate is over what it processed.
3. Scores each: a gold span is found when predicted spans cover every non-whitespace character of
   it; recall per language and per kind, and on the hard cases; topic mentions kept is the share of
   topic spans that no predicted span overlaps.

Goals (issue 11): recall ≥ 0.99 in every language; topic mentions kept ≥ 0.99; incamera's
throughput over the whole corpus, start-up included, ≥ 40 % of the floor's.  A benchmark prints,
it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from redact_corpus import KINDS, LANGS, Corpus, Span, generate, write  # noqa: E402

GOAL_RECALL = 0.99
GOAL_TOPICS = 0.99
GOAL_FLOOR_SHARE = 0.40

FLOOR = """\
import json, sys
sys.stdin.reconfigure(encoding="utf-8")
sys.stdout.reconfigure(encoding="utf-8")
write = sys.stdout.write
for line in sys.stdin:
    row = json.loads(line)
    write(json.dumps({"text": row["text"], "spans": []}, ensure_ascii=False) + "\\n")
"""

# Runs inside .bench/presidio-venv: argv = config.json; the JSONL lines on stdin, results on stdout.
PRESIDIO = """\
import json, sys
from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NoOpNlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer, PhoneRecognizer

sys.stdin.reconfigure(encoding="utf-8")
sys.stdout.reconfigure(encoding="utf-8")
with open(sys.argv[1], encoding="utf-8") as f:
    config = json.load(f)
langs = sorted(config["deny"])
registry = RecognizerRegistry(supported_languages=langs)
for lang in langs:
    registry.add_recognizer(PatternRecognizer(
        supported_entity="PARTICIPANT", deny_list=config["deny"][lang], supported_language=lang, name=f"deny_{lang}"))
    registry.add_recognizer(EmailRecognizer(supported_language=lang))
    registry.add_recognizer(PhoneRecognizer(supported_language=lang, supported_regions=config["regions"]))
engine = AnalyzerEngine(
    registry=registry,
    nlp_engine=NoOpNlpEngine(models=[{"lang_code": lang, "model_name": "none"} for lang in langs]),
    supported_languages=langs,
)
kinds = {"PARTICIPANT": "person", "EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone"}
if True:
    out = sys.stdout
    for line in sys.stdin:
        row = json.loads(line)
        text = row["text"]
        results = sorted(engine.analyze(text=text, language=row["lang"]), key=lambda r: (r.start, -r.end))
        spans, parts, pos = [], [], 0
        for r in results:
            kind = kinds.get(r.entity_type, r.entity_type.lower())
            spans.append([r.start, r.end, kind, None])
            if r.start >= pos:
                parts += [text[pos:r.start], "[" + kind + "]"]
                pos = r.end
            elif r.end > pos:
                pos = r.end
        parts.append(text[pos:])
        out.write(json.dumps({"text": "".join(parts), "spans": spans}, ensure_ascii=False) + "\\n")
"""


@dataclass
class Run:
    name: str
    lines: list[int]  # indices into the corpus
    chars: int = 0
    seconds: float = 0.0
    error: str = ""
    outputs: list[list[Span]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.chars / self.seconds / 1e6 if self.seconds else 0.0


@dataclass
class Score:
    found: dict[str, list[int]] = field(default_factory=dict)  # key → [found, total]
    topics: list[int] = field(default_factory=lambda: [0, 0])

    def add(self, key: str, *, ok: bool) -> None:
        tally = self.found.setdefault(key, [0, 0])
        tally[0] += ok
        tally[1] += 1

    def recall(self, key: str) -> float | None:
        found, total = self.found.get(key, (0, 0))
        return found / total if total else None


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--chars", type=int, default=10_000_000, help="characters in the corpus (default 10,000,000)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workdir", type=Path, default=ROOT / ".bench" / "redact")
    parser.add_argument("--skip-presidio", action="store_true")
    parser.add_argument("--presidio-fraction", type=float, default=0.1, help="share of each language's lines given to Presidio")
    parser.add_argument("--only-generate", action="store_true")
    args = parser.parse_args()
    workdir: Path = args.workdir.resolve()
    if hasattr(os, "getloadavg"):
        print("load average: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    print(f"generating {args.chars:,} characters (seed {args.seed}) into {workdir} …", flush=True)
    began = time.perf_counter()
    corpus = generate(chars=args.chars, seed=args.seed)
    paths = write(corpus, workdir)
    texts = [text for _lang, text in corpus.lines]
    langs = [lang for lang, _text in corpus.lines]
    gold_total = sum(1 for spans in corpus.gold for s in spans if s[2] != "topic")
    topic_total = sum(1 for spans in corpus.gold for s in spans if s[2] == "topic")
    per_lang = {lang: sum(len(t) for t, x in zip(texts, langs, strict=True) if x == lang) for lang in LANGS}
    print(
        f"generated {sum(per_lang.values()):,} characters in {len(texts):,} lines "
        f"({', '.join(f'{lang} {n / 1e6:.2f} M' for lang, n in per_lang.items())}), "
        f"{gold_total:,} gold spans ({sum(map(len, corpus.hard)):,} hard), {topic_total:,} topic mentions, "
        f"{len(corpus.roster)} persons, in {time.perf_counter() - began:.1f} s",
        flush=True,
    )
    if args.only_generate:
        return

    everything = list(range(len(texts)))
    runs = [run_floor(paths, texts, everything, workdir), run_incamera(paths, texts, everything, workdir)]
    if not args.skip_presidio:
        sample = stratified(langs, args.presidio_fraction, args.seed)
        runs.append(run_presidio(corpus, paths=paths, sample=sample, workdir=workdir, fraction=args.presidio_fraction))
    print()
    report(runs, texts, langs, corpus.gold, corpus.hard)
    print()
    measure_build(json.loads((workdir / "roster.json").read_text(encoding="utf-8")), workdir)


BUILD_PEOPLE = 500
GOAL_BUILD_S = 1.0
GOAL_RSS_MB = 200
# Peak memory is the process's VmHWM (/proc/self/status): ru_maxrss would include the parent's
# peak, which Linux carries over fork and exec.
_BUILD_PROBE = """
import json, sys, time
from incamera.redact import Redactor, Roster
roster = Roster.from_json(open(sys.argv[1], encoding="utf-8").read())
began = time.perf_counter()
redactor = Redactor(roster) if sys.argv[2] == "build" else None
seconds = time.perf_counter() - began
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "rss_kb": peak}))
"""


def measure_build(roster: list[dict[str, object]], workdir: Path) -> None:
    """The automaton for a 500-person roster in six languages (goal: < 1 s, < 200 MB), beside a
    process that only reads the same roster, in the same run."""
    people = []
    for copy_number in range(-(-BUILD_PEOPLE // len(roster))):
        for person in roster:
            if len(people) == BUILD_PEOPLE:
                break
            clone = json.loads(json.dumps(person))
            clone["id"] = f"{person['id']}-{copy_number}"
            if copy_number:  # another person: each name gets a suffix in its own script
                for field in ("given_name", "family_name"):
                    names = clone.get(field) or {}
                    assert isinstance(names, dict)
                    for lang, name in names.items():
                        names[lang] = name + (
                            "一二三四五六七八九十"[copy_number % 10] if lang == "zh" else "aeiouy"[copy_number % 6] * (1 + copy_number // 6)
                        )
            people.append(clone)
    path = workdir / "roster-500.json"
    path.write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
    results = {}
    for mode in ("read", "build"):
        done = subprocess.run([sys.executable, "-c", _BUILD_PROBE, str(path), mode], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"build of {len(people)} persons: failed: {done.stderr.strip().splitlines()[-1:]}")
            return
        results[mode] = json.loads(done.stdout)
    build, read = results["build"], results["read"]
    print(
        f"build for {len(people)} persons in six languages: {build['seconds']:.3f} s (goal < {GOAL_BUILD_S:g} s) — {met(build['seconds'] < GOAL_BUILD_S)}; "
        f"peak memory {build['rss_kb'] / 1024:.0f} MB (goal < {GOAL_RSS_MB} MB) — {met(build['rss_kb'] / 1024 < GOAL_RSS_MB)}; "
        f"a process that only reads the roster: {read['rss_kb'] / 1024:.0f} MB"
    )


# ---------------------------------------------------------------- runs


def timed(name: str, argv: Sequence[str | Path], *, stdin: Path, stdout: Path, run: Run) -> None:
    print(f"running {name} over {run.chars / 1e6:.2f} M characters …", flush=True)
    with stdin.open("rb") as src, stdout.open("wb") as out:
        began = time.perf_counter()
        done = subprocess.run([str(a) for a in argv], stdin=src, stdout=out, stderr=subprocess.PIPE, check=False)
        run.seconds = time.perf_counter() - began
    if done.returncode:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        run.error = f"exit {done.returncode}: {' | '.join(tail)}"
        print(f"  {name} failed: {run.error}", flush=True)
        return
    run.outputs, run.error = read_outputs(stdout, len(run.lines))
    print(f"  {name}: {run.seconds:.2f} s, {run.rate:.2f} M characters/s" + (f" ({run.error})" if run.error else ""), flush=True)


def read_outputs(path: Path, expected: int) -> tuple[list[list[Span]], str]:
    outputs = []
    with path.open(encoding="utf-8") as src:
        for n, line in enumerate(src, 1):
            try:
                outputs.append(json.loads(line)["spans"])
            except (ValueError, KeyError, TypeError) as exc:
                return [], f"line {n} of the output is not a result: {exc}"
    if len(outputs) != expected:
        return [], f"expected {expected:,} output lines, found {len(outputs):,}"
    return outputs, ""


def run_floor(paths: dict[str, Path], texts: list[str], lines: list[int], workdir: Path) -> Run:
    run = Run("floor", lines, chars=sum(len(texts[i]) for i in lines))
    timed(
        "floor (read and write the JSONL lines)",
        [sys.executable, "-c", FLOOR],
        stdin=paths["corpus.jsonl"],
        stdout=workdir / "floor.out.jsonl",
        run=run,
    )
    return run


def run_incamera(paths: dict[str, Path], texts: list[str], lines: list[int], workdir: Path) -> Run:
    run = Run("incamera", lines, chars=sum(len(texts[i]) for i in lines))
    cli = Path(sys.executable).with_name("incamera")
    if not cli.exists():
        cli = ROOT / ".venv" / "bin" / "incamera"
    probe = subprocess.run([sys.executable, "-c", "import incamera.redact"], capture_output=True, check=False)
    if probe.returncode or not cli.exists():
        run.error = "not built yet"
        print("incamera: not built yet", flush=True)
        return run
    # An install compiles the package's bytecode (pip and uv do); a source checkout run with
    # PYTHONDONTWRITEBYTECODE would compile it again at every start, which no deployment does.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "incamera")], check=False)
    argv: list[str | Path] = [cli, "redact", "--roster", paths["roster.json"], "--jsonl"]
    timed("incamera redact", argv, stdin=paths["corpus.jsonl"], stdout=workdir / "incamera.out.jsonl", run=run)
    return run


def stratified(langs: list[str], fraction: float, seed: int) -> list[int]:
    """The same share of every language's lines, drawn by the seed."""
    if fraction >= 1:
        return list(range(len(langs)))
    rng = random.Random(seed + 1)
    chosen: list[int] = []
    for lang in LANGS:
        mine = [i for i, x in enumerate(langs) if x == lang]
        chosen += rng.sample(mine, max(1, round(len(mine) * fraction)))
    return sorted(chosen)


def presidio_python() -> Path | None:
    venv = ROOT / ".bench" / "presidio-venv"
    python = venv / "bin" / "python"
    ready = python.exists() and subprocess.run([python, "-c", "import presidio_analyzer"], capture_output=True, check=False).returncode == 0
    if ready:
        return python
    print(f"creating {venv} and installing presidio-analyzer (first run only) …", flush=True)
    base = shutil.which("python3") or sys.executable
    steps = [
        [base, "-m", "venv", "--clear", str(venv)],
        [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", "presidio-analyzer"],
    ]
    for step in steps:
        print("  $ " + " ".join(step), flush=True)
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode:
            print("\n".join((done.stdout + done.stderr).strip().splitlines()[-10:]), flush=True)
            return None
    return python


def run_presidio(corpus: Corpus, *, paths: dict[str, Path], sample: list[int], workdir: Path, fraction: float) -> Run:
    texts = [text for _lang, text in corpus.lines]
    langs = [lang for lang, _text in corpus.lines]
    share = f"{fraction:.0%} sample" if fraction < 1 else "all lines"
    run = Run(f"presidio ({share})", sample, chars=sum(len(texts[i]) for i in sample))
    python = presidio_python()
    if python is None:
        run.error = "could not install presidio-analyzer"
        print(f"presidio: {run.error}", flush=True)
        return run
    deny: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for i, spans in enumerate(corpus.gold):
        deny[langs[i]].update(texts[i][s:e] for s, e, kind, _pid in spans if kind != "topic")
    deny_lists = {lang: sorted(forms, key=lambda t: (-len(t), t)) for lang, forms in deny.items()}
    regions = sorted({p.country.code for p in corpus.roster})
    config = {
        # Longest first, so that "Wang Wei" is tried before "Wang" in the deny-list alternation.
        "deny": deny_lists,
        "regions": regions,
    }
    config_path = workdir / "presidio.config.json"
    config_path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    script = workdir / "presidio_run.py"
    script.write_text(PRESIDIO, encoding="utf-8")
    sample_path = workdir / "presidio.in.jsonl"
    with sample_path.open("w", encoding="utf-8") as out:
        for i in sample:
            out.write(json.dumps({"text": texts[i], "lang": langs[i]}, ensure_ascii=False) + "\n")
    sizes = ", ".join(f"{lang} {len(forms):,}" for lang, forms in deny_lists.items())
    print(
        f"presidio: deny lists of {sizes} surface forms; phone regions {len(regions)}; {len(sample):,} lines ({share})",
        flush=True,
    )
    timed(f"presidio ({share})", [python, script, config_path], stdin=sample_path, stdout=workdir / "presidio.out.jsonl", run=run)
    return run


# ---------------------------------------------------------------- scoring and report


def score(run: Run, texts: list[str], langs: list[str], gold: list[list[Span]], hard: list[list[int]]) -> Score:
    result = Score()
    for i, predicted in zip(run.lines, run.outputs, strict=True):
        text = texts[i]
        covered = bytearray(len(text))
        for span in predicted:
            start, end = max(0, int(span[0])), min(len(text), int(span[1]))
            if end > start:
                covered[start:end] = b"\x01" * (end - start)
        hard_here = set(hard[i])
        for n, (start, end, kind, _pid) in enumerate(gold[i]):
            if kind == "topic":
                result.topics[0] += not any(covered[start:end])
                result.topics[1] += 1
                continue
            ok = all(covered[j] or text[j].isspace() for j in range(start, end))
            for key in (langs[i], kind, "all", "hard") if n in hard_here else (langs[i], kind, "all"):
                result.add(key, ok=ok)
    return result


def fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def report(runs: list[Run], texts: list[str], langs: list[str], gold: list[list[Span]], hard: list[list[int]]) -> None:
    floor = runs[0]
    scores = {run.name: score(run, texts, langs, gold, hard) for run in runs[1:] if run.outputs}
    width = max(len(run.name) for run in runs) + 1

    print("throughput (wall clock, process start-up included) and recall by language")
    head = f"{'system':<{width}} {'M chars':>8} {'seconds':>8} {'M chars/s':>10} {'% floor':>8}"
    print(head + "  " + "  ".join(f"{lang:>5}" for lang in LANGS) + f"  {'all':>5}  {'hard':>5}  {'topics kept':>11}")
    for run in runs:
        line = f"{run.name:<{width}} {run.chars / 1e6:8.2f}"
        if run.error and not run.outputs:
            print(f"{line} {run.name.split()[0]}: {run.error}")
            continue
        share = run.rate / floor.rate if floor.rate else 0.0
        line += f" {run.seconds:8.2f} {run.rate:10.2f} {share:8.1%}"
        sc = scores.get(run.name)
        if sc is None:
            print(line + "  " + "  ".join("    -" for _ in LANGS) + "      -      -            -")
            continue
        kept = sc.topics[0] / sc.topics[1] if sc.topics[1] else None
        print(
            line
            + "  "
            + "  ".join(fmt(sc.recall(lang)) for lang in LANGS)
            + f"  {fmt(sc.recall('all'))}  {fmt(sc.recall('hard'))}  {fmt(kept):>11}"
        )

    print()
    print("recall by kind")
    print(f"{'system':<{width}} " + " ".join(f"{kind:>12}" for kind in KINDS))
    for run in runs[1:]:
        sc = scores.get(run.name)
        if sc is not None:
            print(f"{run.name:<{width}} " + " ".join(f"{fmt(sc.recall(kind)):>12}" for kind in KINDS))
    totals = Score()
    for spans in gold:
        for _s, _e, kind, _pid in spans:
            if kind != "topic":
                totals.add(kind, ok=True)
    print(f"{'gold spans':<{width}} " + " ".join(f"{totals.found.get(kind, [0, 0])[1]:>12,}" for kind in KINDS))

    incamera = next(run for run in runs if run.name == "incamera")
    print()
    if incamera.name in scores:
        sc = scores[incamera.name]
        worst = min(LANGS, key=lambda lang: sc.recall(lang) or 0.0)
        kept = sc.topics[0] / sc.topics[1] if sc.topics[1] else 0.0
        share = incamera.rate / floor.rate if floor.rate else 0.0
        print("goals for incamera:")
        lowest = sc.recall(worst) or 0.0
        print(f"  recall ≥ {GOAL_RECALL} in every language: lowest {lowest:.4f} ({worst}) — {met(lowest >= GOAL_RECALL)}")
        print(f"  topic mentions kept ≥ {GOAL_TOPICS}: {kept:.4f} — {met(kept >= GOAL_TOPICS)}")
        print(
            f"  throughput ≥ {GOAL_FLOOR_SHARE:.0%} of the floor: {incamera.rate:.2f} M chars/s = {share:.1%} of {floor.rate:.2f} — {met(share >= GOAL_FLOOR_SHARE)}"
        )
    else:
        print(f"goals for incamera: not measured (incamera: {incamera.error})")
    if any(run.name.startswith("presidio") and run.lines != floor.lines for run in runs):
        print("Presidio ran on a stratified sample of the lines (--presidio-fraction); its rate and recall are over that sample.")


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    main()
