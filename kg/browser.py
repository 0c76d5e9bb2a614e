"""Where kg finds a headless Chromium to open ``graph.html`` (tests, benchmarks, screenshots).

kg never downloads a browser: it uses the system's Chromium (Debian's
``chromium``) or the binary named by ``$KG_CHROMIUM``, started with the flags
below so that it makes no network connections of its own.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: headless, sandbox-free (root in CI), and silent on the network
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """``$KG_CHROMIUM``, else the first Chromium found on this machine, else None."""
    override = os.environ.get("KG_CHROMIUM")
    if override:
        return override
    candidates = ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
    return next((p for p in candidates if p and Path(p).exists()), None)
