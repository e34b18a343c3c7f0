"""``python -m hpykit``: the same as the ``hpykit`` command."""

from __future__ import annotations

import sys

from hpykit.cli import main

if __name__ == "__main__":
    sys.exit(main())
