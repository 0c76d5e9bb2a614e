"""Extraction on a Dask cluster (``kg build --dask ADDRESS``): the work goes out, the facts come back.

Every Dask worker needs kg installed (the same version as the client: the
chunks and facts travel pickled) and loads the pipeline once, when it
joins (a worker plugin); graph merging and the exports stay on the client.
A worker runs one chunk at a time: start workers with one thread each and as
many processes as cores, for instance on each machine of the cluster::

    dask scheduler                                   # on one machine: tcp://HOST:8786
    dask worker tcp://HOST:8786 --nworkers auto --nthreads 1
    kg build corpus.jsonl --dask tcp://HOST:8786 -o out/

``dask`` needs ``pip install "kg[dask]"`` (``dask[distributed]``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from kg.extract.errors import KGError

try:
    from distributed import Client, WorkerPlugin
except ImportError as e:  # pragma: no cover
    raise KGError("E010", "--dask needs dask.distributed: pip install 'kg[dask]'") from e

__all__ = ["ModelPlugin", "connect", "submitter", "worker_count"]


@contextlib.contextmanager
def connect(client_or_address: Client | str, timeout: str = "30s") -> Iterator[Client]:
    """A ``distributed.Client``: the one given, or one connected to the address (closed afterwards)."""
    if isinstance(client_or_address, Client):
        yield client_or_address
        return
    try:
        client = Client(str(client_or_address), timeout=timeout, set_as_default=False)
    except OSError as e:  # includes asyncio/tornado timeouts: no scheduler at that address
        raise KGError("E011", f"cannot reach the Dask scheduler at {client_or_address!r}: {e}") from e
    try:
        yield client
    finally:
        client.close()


class ModelPlugin(WorkerPlugin):
    """Loads kg's pipeline in each Dask worker as it starts (once per worker process)."""

    name = "kg-model"

    def __init__(self, model: str | None) -> None:
        self.model = model
        self.name = f"kg-model:{model or 'bundled'}"

    def setup(self, worker: Any) -> None:
        from kg.parallel import _pipeline

        _pipeline(self.model)



def submitter(client: Client, model: str | None) -> Any:
    """A function submitting one chunk of articles to the cluster (see :func:`kg.parallel.extract_chunk`)."""
    from kg.parallel import extract_chunk

    plugin = ModelPlugin(model)
    client.register_plugin(plugin, name=plugin.name)

    def submit(chunk: list[Any]) -> Any:
        return client.submit(extract_chunk, chunk, model, pure=False)

    return submit


def worker_count(client: Client) -> int:
    """Chunks the cluster runs at once: its worker threads."""
    return int(sum(client.nthreads().values()))
