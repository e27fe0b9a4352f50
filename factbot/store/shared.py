"""One bot's `VectorIndex`, shared by its threads and kept in step with other processes' writes."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from factbot.store.registry import Registry
from factbot.store.vectors import REOPEN_WAIT_S, STAMP, VectorIndex

log = logging.getLogger(__name__)


class SharedVectors:
    """The `VectorIndex` of one bot, shared by its threads: opened on first use, reopened when another
    process wrote to an embedded store.

    Every write (`writing()`) leaves a new stamp in the registry; the stamp the open store is known to
    reflect is kept here. A search (`reading()`) or write that finds another stamp in the registry
    reopens the store first. Closing a client under a running search or write would break it, so both
    hold the store while they use it, and a reopen waits for them (up to `REOPEN_WAIT_S`, else it
    leaves the reopen to the next search). A Chroma server is never reopened: every process reads it
    alike.

    Args:
        open_store: opens the store; its argument says whether to refuse another model's collection.
        registry: where the stamp is kept.
        embedded: whether the store is embedded Chroma (in this process's memory).
    """

    def __init__(self, open_store: Callable[[bool], VectorIndex], registry: Registry, *, embedded: bool) -> None:
        self._open, self._registry, self._embedded = open_store, registry, embedded
        self._store: VectorIndex | None = None
        self._stamp: str | None = None
        self._users = 0
        self._cond = threading.Condition()

    def get(self, check_model: bool = True) -> VectorIndex:
        """The store, opened first if it is not open."""
        with self._cond:
            if self._store is None:
                stamp = self._registry.get_meta(STAMP)  # read first: a write while opening shows as a change
                self._store, self._stamp = self._open(check_model), stamp
            return self._store

    @contextmanager
    def _using(self) -> Iterator[None]:
        with self._cond:
            self._users += 1
        try:
            yield
        finally:
            with self._cond:
                self._users -= 1
                self._cond.notify_all()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the store for a search, reopened first if another process wrote since it was opened."""
        self._refresh()
        with self._using():
            yield

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store for a write (call with the index's write lock held), then stamp the registry.
        The store is reopened first if another process wrote: searches during a long write would
        otherwise each wait for it to end. The new stamp counts as seen only if the store was current."""
        self._refresh()
        try:
            with self._using():
                yield
        finally:
            with self._cond:
                current, stamp = self._registry.get_meta(STAMP), uuid.uuid4().hex
                self._registry.set_meta(STAMP, stamp)
                if self._store is not None and self._stamp == current:
                    self._stamp = stamp

    def _refresh(self) -> None:
        if self._embedded and self._store is not None:
            with self._cond:
                stale = self._registry.get_meta(STAMP) != self._stamp
            if stale:
                self._reopen()

    def _reopen(self) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self._users == 0, timeout=REOPEN_WAIT_S):
                return
            if self._store is None or self._registry.get_meta(STAMP) == self._stamp:
                return  # another thread reopened it meanwhile
            log.info("Another process changed the vectors: reopening Chroma at %s", self._store.location)
            old, self._store = self._store, None
            old.close()
            self.get()

    def close(self) -> None:
        """Release the store (it is opened again on next use)."""
        with self._cond:
            if self._store is not None:
                self._store.close()
                self._store = None
