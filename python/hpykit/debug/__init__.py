"""Debug mode from Python: leak detection for modules loaded with ``debug=True``.

Only handles of modules loaded in debug mode are seen (``hpykit.universal.load(...,
debug=True)`` or ``mode=hpykit.universal.MODE_DEBUG``). The pytest plugin
``hpykit.debug.pytest`` offers the fixture ``hpy_debug``.
"""

from __future__ import annotations

from .leakdetector import HPyDebugError, HPyLeakError, LeakDetector

__all__ = ["HPyDebugError", "HPyLeakError", "LeakDetector"]
