"""Exports replaced as one set: a new generation is written beside the old one and switched
in from a journal that survives a kill.

:func:`staged` gives a hidden folder inside OUTDIR (``.kg-next-<random>.tmp``)
to write every export into; :func:`commit` then writes the journal
``OUTDIR/.kg-commit.json`` (the staging folder and the names to move) and
moves each export into place. A run killed before the journal exists leaves
the previous set whole (its staging folder is removed by the next run); one
killed after it has its switch finished by :func:`roll_forward`, which every
writer of the folder runs first (``kg.lock``), so the folder holds the new set
whole. A failure while writing (a full disk) leaves the previous set as it
was: the staging folder is removed and the error raised.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

JOURNAL = ".kg-commit.json"
STAGING_PREFIX = ".kg-next-"


@contextlib.contextmanager
def staged(outdir: Path) -> Iterator[Path]:
    """A fresh hidden staging folder inside ``outdir``, removed if the block fails."""
    outdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, suffix=".tmp", dir=outdir))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def commit(outdir: Path, staging: Path, names: list[str]) -> None:
    """Switch the exports ``names`` of ``staging`` into ``outdir``, through the journal."""
    data = json.dumps({"staging": staging.name, "names": names})
    tmp = outdir / f"{JOURNAL}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, outdir / JOURNAL)
    _fsync_dir(outdir)
    roll_forward(outdir)


def roll_forward(outdir: Path) -> bool:
    """Finish a switch a killed run left half done; True if there was one."""
    journal = outdir / JOURNAL
    try:
        data = json.loads(journal.read_text("utf-8"))
        staging, names = outdir / str(data["staging"]), [str(n) for n in data["names"]]
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)  # a journal cut short: its switch never began
        return False
    for name in names:
        src, dst = staging / name, outdir / name
        if not src.exists():
            continue  # moved already
        if src.is_dir():
            aside = staging / f"{name}.old"
            if dst.exists() and not aside.exists():
                os.replace(dst, aside)
            elif dst.exists():
                shutil.rmtree(dst, ignore_errors=True)
            os.replace(src, dst)
        else:
            os.replace(src, dst)
    _fsync_dir(outdir)
    journal.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    return True


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
