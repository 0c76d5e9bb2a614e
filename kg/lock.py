"""One writer per output folder: an OS file lock on ``OUTDIR/.kg.lock``.

``kg build`` (and ``--append``) holds the lock for the whole run, from reading
the folder's old facts to the last export. A second writer of the same folder
fails at once with a clear message, or, with ``wait=True``, waits for the
first to finish. The lock is the kernel's (``flock``; ``msvcrt.locking`` on
Windows): it is released when its holder exits, however it exits, so a
killed run never leaves a folder locked. Whoever holds the lock first finishes
a switch of exports a killed run left half done (:func:`kg.generation.roll_forward`),
then removes the temporary files that killed runs left behind.

>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> with outdir_lock(out):
...     try:
...         with outdir_lock(out):
...             pass
...     except Locked as e:
...         print("busy")
busy
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.generation import roll_forward

LOCK_NAME = ".kg.lock"
#: the temporary files of kg's writers (kg.graphio.atomic_writer, kg.store): ".<name>.<random>.tmp"
TEMP_PATTERNS = (".facts.jsonl.*.tmp", ".graph.*.tmp", ".build.json.*.tmp", ".events.csv.*.tmp", ".kg-next-*.tmp",
                 ".kg-commit.json.tmp")


class Locked(RuntimeError):
    """Another process is writing the folder."""

    def __init__(self, outdir: Path, holder: str) -> None:
        self.outdir, self.holder = outdir, holder
        who = f" (process {holder})" if holder else ""
        super().__init__(f"{outdir} is being written by another kg run{who}")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def outdir_lock(outdir: str | os.PathLike[str], *, wait: bool = False, poll: float = 0.2,
                on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the write lock of ``outdir`` (created if missing) for the ``with`` block.

    Raises :class:`Locked` when another process holds it, unless ``wait``: then
    ``on_wait`` is told once (with the holder's pid) and the lock is taken as
    soon as it is free. Stale temporary files are removed once it is held.
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        told = False
        while not _try_lock(fd):
            holder = _holder(fd)
            if not wait:
                raise Locked(out, holder)
            if not told and on_wait is not None:
                on_wait(holder)
                told = True
            time.sleep(poll)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        roll_forward(out)  # a switch of exports a killed run left half done: finished first
        remove_stale_temp_files(out)
        try:
            yield out
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            _unlock(fd)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError):
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return ""


def remove_stale_temp_files(out: Path) -> list[str]:
    """Remove the temporary files and folders that killed runs left in ``out`` (call it
    only while holding the lock: a live writer's temp files look the same)."""
    removed = []
    for pattern in TEMP_PATTERNS:
        for p in out.glob(pattern):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    p.unlink()
            removed.append(p.name)
    return removed
