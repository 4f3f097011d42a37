"""The README's examples work as written.

Run as a user would follow the guide: every command of its ``bash`` blocks in order (except the
opening two, which ``.ci/run`` runs), its inline ``parlzoek …`` commands, every query of its
syntax table, and the fields of its JSON example. They run in a sandbox: a home of their own
(so the default index is the sandbox's), ``~/vragen/`` holding the bundled sample and a
question in the official layout, ``export.jsonl`` a slice of the Chamber dev data (a few
written records without it), ``fetch`` answered by the local stand-in for the parliament's
services, and ``../shared/data/dekamer/`` a slice of the dev data, so that the examples that
name it run in seconds. ``parlzoek`` commands run through typer's CliRunner; a line with a
redirection, a pipe or another program runs in bash, with ``parlzoek`` on its PATH.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from corpus_helpers import DOCS
from fake_parliament import FakeParliament, make_questions
from typer.testing import CliRunner

import parlzoek
from parlzoek.corpus.sample import sample_corpus_dir
from parlzoek.terminal.cli import app, query_first

pytestmark = pytest.mark.slow  # it builds indexes and runs every example: half a minute

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
DEKAMER = REPO.parent / "shared" / "data" / "dekamer"  # the Chamber data beside the clone, as CI has it
README = (REPO / "README.md").read_text(encoding="utf-8")
DEV_SLICE = 60  # documents of the dev data in the sandbox: enough for every example to find something
SHELL_SYNTAX = re.compile(r"[|<>;&]")
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*…?$")  # `parlzoek index --rebuild PATH…` is a usage line, not an example


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^[ \t]*```{language}\n(.*?)^[ \t]*```$", text, flags=re.MULTILINE | re.DOTALL)


def command_lines(block: str) -> list[str]:
    return [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


def outside_code_blocks(text: str) -> str:
    return re.sub(r"^[ \t]*```.*?^[ \t]*```$", "", text, flags=re.MULTILINE | re.DOTALL)


def inline_commands(text: str) -> list[str]:
    """Inline ``parlzoek …`` commands with arguments: a bare `parlzoek fetch` names the command."""
    spans = re.findall(r"`(parlzoek [^`]+ [^`]+)`", outside_code_blocks(text))
    return [span for span in spans if not any(PLACEHOLDER.match(word) for word in shlex.split(span))]


def syntax_queries(text: str) -> list[str]:
    """The queries of the first column of the table headed ``| syntax | meaning |``."""
    table = text.split("| syntax | meaning |", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines()[2:] if line.startswith("|")]
    return [query for row in rows for query in re.findall(r"`([^`]+)`", row.split("|")[1])]


BLOCKS = code_blocks(README, "bash")
NEEDS_DEV_DATA = [line for block in BLOCKS[1:] if "../shared/" in block for line in command_lines(block)]
ON_THE_SAMPLE = [line for block in BLOCKS[1:] if "../shared/" not in block for line in command_lines(block)]
ON_THE_SAMPLE += inline_commands(README)


@dataclass
class Sandbox:
    clone: Path  # the working directory, as if in a clone of the repository
    home: Path
    env: dict[str, str | None]
    dev_data: bool

    def run(self, line: str) -> tuple[int, str]:
        """Exit code and output of one README line. An install line (``pip …``) is not run, and a
        server (``parlzoek serve``) would run until stopped: its options are checked (``--help``
        after them), it is not started."""
        words = shlex.split(line, comments=True)
        if words[0] == "pip":
            return 0, ""
        if words[:2] == ["parlzoek", "serve"]:
            line, words = shlex.join([*words, "--help"]), [*words, "--help"]
        if words[0] == "parlzoek" and not SHELL_SYNTAX.search(line.split("#", 1)[0].replace("'", "").strip()):
            args = [str(self.home / word[2:]) if word.startswith("~/") else word for word in words[1:]]
            result = CliRunner().invoke(app, query_first(args), env=self.env)
            if result.exception and not isinstance(result.exception, SystemExit):
                return 99, f"{result.output}\n{result.exception!r}"
            return result.exit_code, result.output
        shell_env = {key: value for key, value in {**os.environ, **self.env}.items() if value is not None}
        done = subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=self.clone, env=shell_env,
                              capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
        return done.returncode, done.stdout + done.stderr


def _dev_slice(target: Path) -> None:
    """The first documents of the dev data, with the topics and titles judged among them."""
    target.mkdir(parents=True)
    with (DEKAMER / "dev-corpus.jsonl").open(encoding="utf-8") as f:
        lines = [next(f) for _ in range(DEV_SLICE)]
    (target / "dev-corpus.jsonl").write_text("".join(lines), encoding="utf-8")
    kept = {json.loads(line)["id"] for line in lines}
    for name in ("dev-topics", "dev-titles"):
        qrels = [line for line in (DEKAMER / f"{name}.qrels").read_text(encoding="utf-8").splitlines()
                 if line.split()[2] in kept]  # fmt: skip
        judged = {line.split()[0] for line in qrels}
        (target / f"{name}.qrels").write_text("".join(line + "\n" for line in qrels), encoding="utf-8")
        queries = (DEKAMER / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
        (target / f"{name}.tsv").write_text("".join(q + "\n" for q in queries if q.split("\t")[0] in judged),
                                            encoding="utf-8")  # fmt: skip


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    root = tmp_path_factory.mktemp("readme")
    clone, home = root / "clone", root / "home"
    clone.mkdir()
    vragen = home / "vragen"
    vragen.mkdir(parents=True)
    for source in sample_corpus_dir().glob("*.txt"):
        shutil.copy(source, vragen)
    shutil.copy(FIXTURES / "official-layout.txt", vragen)
    dev_data = (DEKAMER / "dev-corpus.jsonl").exists()
    if dev_data:
        _dev_slice(root / "shared" / "data" / "dekamer")
        export = (root / "shared" / "data" / "dekamer" / "dev-corpus.jsonl").read_text(encoding="utf-8")
        (clone / "export.jsonl").write_text("".join(export.splitlines(keepends=True)[:30]), encoding="utf-8")
    else:
        (clone / "export.jsonl").write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    shim = root / "bin"
    shim.mkdir()
    code = Path(parlzoek.__file__).resolve().parent.parent  # the same parlzoek in bash as in the runner
    (shim / "parlzoek").write_text(f'#!/bin/sh\nPYTHONPATH="{code}" exec "{sys.executable}" -m parlzoek "$@"\n',
                                   encoding="utf-8")  # fmt: skip
    (shim / "parlzoek").chmod(0o755)
    with FakeParliament(make_questions(3)) as server:
        env = {"HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"), "PARLZOEK_INDEX": None,
               "PARLZOEK_API_URL": server.base_url + "/", "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}",
               "COLUMNS": "120", "FORCE_COLOR": None}  # fmt: skip
        yield Sandbox(clone, home, env, dev_data)


@pytest.fixture
def in_clone(sandbox, monkeypatch):
    monkeypatch.chdir(sandbox.clone)
    return sandbox


def _failures(sandbox: Sandbox, lines: list[str]) -> list[str]:
    failures = []
    for line in lines:
        code, output = sandbox.run(line)
        if code != 0 or "Traceback" in output:
            failures.append(f"{line}\n  exit {code}: {output.strip()[-1500:]}")
    return failures


def test_the_readme_has_examples_to_run():
    assert len(BLOCKS) >= 4 and BLOCKS[0].count("\n") == 2, "the opening block holds the two commands .ci/run runs"
    assert len(ON_THE_SAMPLE) >= 10 and len(NEEDS_DEV_DATA) >= 3 and len(syntax_queries(README)) >= 15


def test_every_example_command_works_as_written(in_clone):
    """In the README's order, as a user follows it: indexing, searching, show, fetch."""
    failures = _failures(in_clone, ON_THE_SAMPLE)
    assert not failures, "README examples that fail:\n" + "\n".join(failures)


def test_the_examples_on_the_chamber_data_work_as_written(in_clone):
    if not in_clone.dev_data:
        pytest.skip(f"the README's evaluate example needs the Chamber dev data, not found at {DEKAMER}")
    failures = _failures(in_clone, NEEDS_DEV_DATA)
    assert not failures, "README examples that fail:\n" + "\n".join(failures)
    measured = CliRunner().invoke(app, ["evaluate", "--run", "run.trec", "--qrels",
                                        "../shared/data/dekamer/dev-topics.qrels", "--json"])  # fmt: skip
    assert json.loads(measured.stdout)["measures"]["nDCG@10"] > 0.3, "the example's run finds what is judged"


@pytest.fixture(scope="module")
def searched_index(sandbox):
    from parlzoek.index.build import update_index
    from parlzoek.index.store import IndexHome

    home = IndexHome(sandbox.home / "syntax-index")
    update_index(home, [sandbox.home / "vragen", sandbox.clone / "export.jsonl"])
    return home.path


@pytest.mark.parametrize("query", syntax_queries(README))
def test_every_query_of_the_syntax_table_runs(searched_index, query):
    args = query_first(["search", query, "--index", str(searched_index), "--format", "json"])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, f"{query!r}: exit {result.exit_code}: {result.output}"
    assert json.loads(result.stdout)["query"] == query


def _keys(example: object, actual: object, path: str = "") -> list[str]:
    """The README's keys that the real output lacks, at every level of the example."""
    missing = []
    if isinstance(example, dict) and isinstance(actual, dict):
        for key, value in example.items():
            if key not in actual:
                missing.append(f"{path}{key}")
            elif key != "facets":  # a facet's keys are values (names, years), not fields
                missing += _keys(value, actual[key], f"{path}{key}.")
    elif isinstance(example, list) and isinstance(actual, list) and example and actual:
        missing += _keys(example[0], actual[0], path)
    return missing


def test_the_json_example_names_only_fields_that_search_writes(searched_index):
    (example,) = code_blocks(README, "json")
    result = CliRunner().invoke(app, ["search", "samenwerkingsverband", "--facets", "--format", "json", "--index",
                                      str(searched_index)])  # fmt: skip
    actual = json.loads(result.stdout)
    assert actual["results"] and actual["results"][0]["passages"]
    assert _keys(json.loads(example), actual) == []
