"""One writer per output folder (kg.lock, #19): concurrent builds never interleave, a
killed holder never leaves the folder locked, and stale temp files are cleaned up."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.lock import LOCK_NAME, Locked, outdir_lock, remove_stale_temp_files
from tests.conftest import write_seed_corpus

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _holder(folder: Path, seconds: float) -> subprocess.Popen[bytes]:
    """Another process that holds ``folder``'s lock for ``seconds`` (returned once it holds it)."""
    code = ("import sys, time\nfrom kg.lock import outdir_lock\n"
            "with outdir_lock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(float(sys.argv[2]))\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(folder), str(seconds)], env=ENV, stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"held"
    return proc


def test_a_second_holder_is_refused_and_the_first_release_frees_the_folder(tmp_path: Path) -> None:
    with outdir_lock(tmp_path):
        with pytest.raises(Locked, match="another kg run") as e, outdir_lock(tmp_path):
            pass
        assert e.value.holder == str(os.getpid())
    with outdir_lock(tmp_path):  # released
        pass


def test_a_killed_holder_leaves_no_lock(tmp_path: Path) -> None:
    proc = _holder(tmp_path, seconds=60)
    with pytest.raises(Locked), outdir_lock(tmp_path):
        pass
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    with outdir_lock(tmp_path):
        pass


def test_a_waiting_writer_is_told_and_gets_the_lock_when_it_is_free(tmp_path: Path) -> None:
    proc = _holder(tmp_path, seconds=1.0)
    told: list[str] = []
    t0 = time.monotonic()
    with outdir_lock(tmp_path, wait=True, poll=0.05, on_wait=told.append):
        assert time.monotonic() - t0 > 0.5  # not before the first holder let go
    assert told == [str(proc.pid)]
    proc.wait(10)


def test_the_holder_removes_the_temp_files_of_killed_runs(tmp_path: Path) -> None:
    stale = [".facts.jsonl.abc.tmp", ".graph.ttl.x1.tmp", ".build.json.q.tmp"]
    for name in stale:
        (tmp_path / name).write_text("half", encoding="utf-8")
    (tmp_path / ".graph.store-zz.tmp").mkdir()
    (tmp_path / "facts.jsonl").write_text("{}\n", encoding="utf-8")
    with outdir_lock(tmp_path):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_NAME, "facts.jsonl"]
    assert remove_stale_temp_files(tmp_path) == []


def test_build_stops_at_once_when_another_run_writes_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "a.txt").write_text("NATO met in Brussels.\n", encoding="utf-8")
    with outdir_lock(out):
        result = CliRunner().invoke(app, ["build", str(tmp_path / "a.txt"), "-o", str(out), "--append"])
    assert result.exit_code == 2
    assert "being written by another kg run" in result.output and "--wait" in result.output
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]


@pytest.mark.parametrize("wait", [True, False], ids=["--wait", "no wait"])
def test_two_concurrent_appends_lose_nothing(tmp_path: Path, wait: bool) -> None:
    out = tmp_path / "out"
    corpora = [write_seed_corpus(tmp_path / "in", p, 3) for p in ("a", "b")]
    procs = [subprocess.Popen([sys.executable, "-m", "kg", "build", str(c), "-o", str(out), "--append",
                               "-q", "-w", "1", *(["--wait"] if wait else [])],
                              env=ENV, cwd=ROOT, stderr=subprocess.PIPE, text=True)
             for c in corpora]
    results = [(p.wait(300), p.stderr.read() if p.stderr else "") for p in procs]
    ok = [prefix for prefix, (code, _) in zip("ab", results, strict=True) if code == 0]
    for code, stderr in results:
        assert code == 0 or (code == 2 and "being written by another kg run" in stderr), stderr
    if wait:
        assert ok == ["a", "b"]
    assert ok  # at least one ran
    ids = sorted(json.loads(line)["doc_id"] for line in (out / "facts.jsonl").read_text().splitlines())
    assert ids == sorted(f"{p}{i}" for p in ok for i in range(3))
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    with outdir_lock(out):  # (both processes have ended: nothing holds the lock)
        pass
