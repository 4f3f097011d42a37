"""Kill -9, Ctrl-C and a full disk in the middle of indexing: the previous index opens and answers
as before (or, if the run had finished, as the new corpus does), and the next run recovers.

``PARLZOEK_KILLS`` sets how many kills the loop survives (``bench/soak.py`` runs many more).
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner
from versions import snapshot, write_version

from parlzoek.index.build import update_index
from parlzoek.index.store import WRITE_LOCK, IndexHome
from parlzoek.terminal.cli import app

SLOW = pytest.mark.slow  # processes killed or interrupted; the full disk is quick at one point of the build

KILLS = int(os.environ.get("PARLZOEK_KILLS", "20"))


# A shell starts background jobs with SIGINT ignored and children inherit that, so Python would
# install no KeyboardInterrupt: the child restores it, as a terminal would have it.
LAUNCH = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from parlzoek.terminal.cli import main; main()"
)


def index_process(source: Path, index: Path, rebuild: bool, procs: int = 1) -> subprocess.Popen:
    """The command in a session of its own, so that a signal can reach its whole process group
    as a terminal's Ctrl-C does."""
    command = [sys.executable, "-c", LAUNCH, "index", str(source), "--index", str(index), "--procs", str(procs)]
    return subprocess.Popen(
        command + (["--rebuild"] if rebuild else []),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def leftovers(index: Path) -> list[str]:
    """Anything but the one current generation and the pointer: debris of an interrupted build."""
    current = IndexHome(index).current()
    return sorted(p.name for p in index.iterdir() if p.name not in ("CURRENT", WRITE_LOCK) and p != current)


def wait_for_a_build(index: Path) -> None:
    """Until the run has started writing a new generation (at most a minute)."""
    deadline = time.monotonic() + 60
    while not any(p.name.startswith("building-") for p in index.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.fixture
def indexed(tmp_path):
    """An index of corpus version 1, built by the command as a user would, and its build time."""
    source = write_version(tmp_path / "src" / "corpus.jsonl", 1)
    started = time.perf_counter()
    process = index_process(source, tmp_path / "ix", rebuild=False)
    assert process.wait() == 0, process.stderr.read()
    return source, tmp_path / "ix", time.perf_counter() - started


@SLOW
def test_kill_9_at_random_moments_never_damages_the_index(indexed, expected_snapshots):
    source, index, build_seconds = indexed
    version = 1
    outcomes = {"old": 0, "new": 0}
    for seed in range(KILLS):
        chance = random.Random(seed)
        new_version = 3 - version
        write_version(source, new_version)
        process = index_process(source, index, rebuild=seed % 2 == 0)  # full builds and updates in turn
        time.sleep(chance.uniform(0.1, build_seconds * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen = snapshot(IndexHome(index))  # opens, counts and answers: nothing lost, nothing damaged
        assert seen in (expected_snapshots[version], expected_snapshots[new_version]), f"seed {seed}"
        outcomes["old" if seen == expected_snapshots[version] else "new"] += 1
        assert CliRunner().invoke(app, ["stats", "--index", str(index)]).exit_code == 0
        recovery = index_process(source, index, rebuild=False)
        assert recovery.wait() == 0, recovery.stderr.read()  # no stale lock, no debris in the way
        assert snapshot(IndexHome(index)) == expected_snapshots[new_version]
        assert leftovers(index) == []
        version = new_version
    print(f"kills survived: {KILLS}, index as before: {outcomes['old']}, as the new corpus: {outcomes['new']}")


@SLOW
@pytest.mark.parametrize(
    ("procs", "to_group"),
    [(1, False), (2, False), (2, True)],
    ids=["one-process", "two-processes-parent-signalled", "two-processes-ctrl-c-to-all"],
)
def test_ctrl_c_during_a_build_exits_130_and_keeps_the_index(indexed, expected_snapshots, procs, to_group):
    """With ``--procs 2`` the writer's processes stop with the parent, quietly, whether the signal
    reached only the parent (``kill -INT``) or every process (Ctrl-C at a terminal)."""
    source, index, _ = indexed
    write_version(source, 2, count=3000)  # a build of seconds, so that Ctrl-C lands in it
    process = index_process(source, index, rebuild=True, procs=procs)
    wait_for_a_build(index)
    time.sleep(0.5 if procs > 1 else 0)  # the writer's processes at work
    if to_group:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"the interrupted build did not exit: {process.communicate()[1]}")
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert snapshot(IndexHome(index)) == expected_snapshots[1]
    assert leftovers(index) == []


@SLOW
def test_kill_9_of_a_two_process_build_frees_the_index_and_its_writer_processes(indexed):
    """The writer processes of ``--procs 2`` held the parent's ``flock`` lock and waited for work for
    ever once their parent was killed: every later run was refused as "being written"."""
    source, index, _ = indexed
    write_version(source, 2, count=3000)
    process = index_process(source, index, rebuild=True, procs=2)
    wait_for_a_build(index)
    time.sleep(1.0)  # the writer processes at work
    workers = [int(pid) for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
    assert len(workers) >= 2
    process.send_signal(signal.SIGKILL)
    process.wait()
    recovery = index_process(source, index, rebuild=False)
    assert recovery.wait() == 0, recovery.stderr.read()  # not "being written by another process"
    assert leftovers(index) == []
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


@pytest.fixture
def full_disk(monkeypatch):
    """Every index file write fails with ENOSPC once ``after`` writes went through."""
    from whoosh.filedb import structfile

    original = structfile.StructFile.write
    writes = {"left": 0}

    def write(self, data):
        writes["left"] -= 1
        if writes["left"] < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(self, data)

    def fill_after(after: int) -> None:
        writes["left"] = after
        monkeypatch.setattr(structfile.StructFile, "write", write)

    yield fill_after
    monkeypatch.setattr(structfile.StructFile, "write", original)


@pytest.mark.parametrize("rebuild", [True, False])
@pytest.mark.parametrize("after", [pytest.param(0, marks=SLOW), 40, pytest.param(400, marks=SLOW)])
def test_disk_full_is_an_error_and_the_index_is_unchanged(tmp_path, full_disk, expected_snapshots, rebuild, after):
    source = write_version(tmp_path / "src" / "corpus.jsonl", 1)
    home = IndexHome(tmp_path / "ix")
    update_index(home, [source])
    write_version(source, 2)
    full_disk(after)
    command = ["index", "--index", str(home.path)] + (["--rebuild"] if rebuild else [])
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    message = " ".join(result.stderr.split())
    assert "cannot write the index" in message and "No space left on device" in message
    assert snapshot(home) == expected_snapshots[1]
    assert leftovers(home.path) == []
