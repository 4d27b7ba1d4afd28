"""Scoring work spread over forked worker processes, when there is enough of it."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

# Below this many segment scorings (segments x systems) a worker pool costs more than it saves.
PARALLEL_MIN_SEGMENTS = 3000

T = TypeVar("T")
R = TypeVar("R")
_TASK: Callable[[Any], Any] | None = None  # the job, inherited by forked workers


def _call_task(arg: tuple[int, Any]) -> tuple[int, Any]:
    assert _TASK is not None
    return arg[0], _TASK(arg[1])


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run(
    tasks: Sequence[T],
    fn: Callable[[T], R],
    jobs: int,
    progress: Callable[[T], None] | None = None,
) -> list[R]:
    """``[fn(t) for t in tasks]``, over ``jobs`` forked processes when jobs > 1."""
    global _TASK
    results: list[Any] = [None] * len(tasks)
    if jobs <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for k, t in enumerate(tasks):
            results[k] = fn(t)
            if progress:
                progress(t)
        return results
    _TASK = fn
    try:
        ctx = multiprocessing.get_context("fork")
        # Workers leave Ctrl+C to this process, which ends them (each printed a traceback).
        with ctx.Pool(min(jobs, len(tasks)), initializer=_ignore_sigint) as pool:
            for k, r in pool.imap_unordered(_call_task, enumerate(tasks)):
                results[k] = r
                if progress:
                    progress(tasks[k])
    finally:
        _TASK = None
    return results


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
