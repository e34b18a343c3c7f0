"""Install the JSON benchmark's comparison modules into the running interpreter's
environment: ujson 6.x (the C-API module the issue measures against) and orjson.

    python bench/json/deps.py

On PyPy 7.3.11 (Python 3.9), ujson 6.1.0 declares ``Requires-Python: >=3.10`` yet builds
and runs there, and its C++ part needs a C++ linker that PyPy's sysconfig does not name:
it is built with ``--ignore-requires-python`` and ``LDCXXSHARED``. orjson has no PyPy build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Dict, List

IS_PYPY = sys.implementation.name == "pypy"
UJSON = "ujson==6.1.0"


def pip_install(requirements: List[str], extra: List[str], env: Dict[str, str]) -> bool:
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", *extra, *requirements],
                          env=env)
    return done.returncode == 0


def main() -> int:
    env = dict(os.environ)
    if IS_PYPY:
        env.setdefault("LDCXXSHARED", "g++ -pthread -shared")
        ok = pip_install([UJSON], ["--ignore-requires-python"], env)
        print("orjson: no PyPy build, left out")
    else:
        ok = pip_install([UJSON, "orjson"], [], env)
    print("installed" if ok else "pip failed (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
