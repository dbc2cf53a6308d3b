"""Charts remembered by the content of the frames they draw, shared by every session.

Building an altair chart costs about 50 ms of validation and copying; a coach who opens the same
athlete again, or an athlete who reloads, asks for the same chart from the same rows. The key is
each frame's shape and row hashes (microseconds for a few hundred rows) plus the other arguments,
so new data or another window makes a new chart. Callers must not change a chart they get back
(``mo.ui.altair_chart`` copies it first; marimo's output formatter only reads it).
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import polars as pl

T = TypeVar("T")


def frame_key(value: object) -> object:
    if isinstance(value, pl.DataFrame):
        return ("frame", value.schema.items().__repr__(), value.height, tuple(value.hash_rows(seed=0).to_list()))
    return value


def remembered(size: int = 128) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Remember the last ``size`` results of a pure function of frames and plain values."""

    def decorate(fn: Callable[..., T]) -> Callable[..., T]:
        results: OrderedDict[tuple, T] = OrderedDict()

        @functools.wraps(fn)
        def remembering(*args, **kwargs) -> T:
            key = (tuple(frame_key(a) for a in args), tuple((k, frame_key(v)) for k, v in sorted(kwargs.items())))
            if key in results:
                results.move_to_end(key)
                return results[key]
            value = fn(*args, **kwargs)
            results[key] = value
            if len(results) > size:
                results.popitem(last=False)
            return value

        remembering.cache_clear = results.clear  # type: ignore[attr-defined]
        return remembering

    return decorate
