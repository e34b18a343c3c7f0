"""pytest plugin (``-p hpykit.debug.pytest``): the fixture ``hpy_debug`` fails a test
whose debug-mode modules leak handles."""

from __future__ import annotations

from typing import Iterator

import pytest

from .leakdetector import LeakDetector


@pytest.fixture
def hpy_debug() -> Iterator[LeakDetector]:
    """A started LeakDetector, stopped (raising HPyLeakError on leaks) at teardown."""
    detector = LeakDetector()
    detector.start()
    yield detector
    detector.stop()
