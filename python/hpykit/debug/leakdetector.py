"""Leak detection: which debug handles opened since a point are still open."""

from __future__ import annotations

from types import TracebackType
from typing import List, Optional, Sequence, Type

from hpykit.universal import _debug

HPyDebugError = _debug.HPyDebugError


class HPyLeakError(HPyDebugError):
    """Handles that were opened and never closed; ``leaks`` lists their DebugHandles."""

    def __init__(self, leaks: Sequence[_debug.DebugHandle]) -> None:
        super().__init__(leaks)
        self.leaks: List[_debug.DebugHandle] = list(leaks)

    def __str__(self) -> str:
        n = len(self.leaks)
        lines = [f"{n} unclosed handle{'' if n == 1 else 's'}:"]
        for leak in self.leaks:
            lines += ["    " + line for line in repr(leak).splitlines()]
        return "\n".join(lines)


class LeakDetector:
    """Report the debug handles opened between ``start()`` and ``stop()`` and not closed.

    Usable as a context manager: ``with LeakDetector(): ...``.
    """

    def __init__(self) -> None:
        self.generation: Optional[int] = None

    def start(self) -> None:
        if self.generation is not None:
            raise ValueError("LeakDetector.start(): already started")
        self.generation = _debug.new_generation()

    def stop(self) -> None:
        if self.generation is None:
            raise ValueError("LeakDetector.stop(): not started")
        leaks = _debug.get_open_handles(self.generation)
        self.generation = None
        if leaks:
            raise HPyLeakError(leaks)

    def __enter__(self) -> LeakDetector:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.stop()
