"""Engines: each maps the per-document function over work items, yielding results in input order.

A work item is (key, source, cached read result or None); source None means "fully cached".
The same function runs in-process, in a pool of worker processes, or on a Dask cluster.
"""
from __future__ import annotations

from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Iterator

from analysis.read import Source

from .pipeline import process_source
from .records import DocumentResult, ReadResult

__all__ = ["run_serial", "run_processes", "run_dask"]


def _work(item: tuple[str, Source | None, ReadResult | None]) -> tuple[str, DocumentResult | None]:
    key, source, read_result = item
    if source is None:
        return key, None
    return key, process_source(source, read_result)


def run_serial(items: Iterable) -> Iterator[tuple[str, DocumentResult | None]]:
    for item in items:
        yield _work(item)


def run_processes(items: Iterable, jobs: int) -> Iterator[tuple[str, DocumentResult | None]]:
    """Process-pool engine with a bounded window of work in flight (Executor.map would submit the
    whole corpus at once and hold every input's bytes in memory); results come back in order."""
    window = max(2, jobs * 4)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque = deque()
        for item in items:
            if item[1] is None:  # fully cached: nothing to send to a worker
                pending.append(item[0])
            else:
                pending.append(pool.submit(_work, item))
            while len(pending) > window:
                yield _resolve(pending.popleft())
        while pending:
            yield _resolve(pending.popleft())


def _resolve(entry) -> tuple[str, DocumentResult | None]:
    return (entry, None) if isinstance(entry, str) else entry.result()


def run_dask(items: Iterable, scheduler) -> Iterator[tuple[str, DocumentResult | None]]:
    try:
        from dask.distributed import Client
    except ImportError:  # pragma: no cover - depends on the optional extra
        raise SystemExit("the Dask engine needs the optional extra: pip install -e '.[dask]'") from None
    client = Client(scheduler) if isinstance(scheduler, str) else scheduler
    try:
        batch: list = []
        for item in items:
            batch.append(item)
            if len(batch) >= 256:
                yield from client.gather(client.map(_work, batch, pure=False))
                batch = []
        if batch:
            yield from client.gather(client.map(_work, batch, pure=False))
    finally:
        if isinstance(scheduler, str):
            client.close()
