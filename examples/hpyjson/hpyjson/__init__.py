"""hpyjson: a fast JSON encoder and decoder written against HPy, with ujson's API.

``loads`` is HPy code; ``dumps`` is HPy code too, or legacy C-API code in a module built
with ``HPYJSON_LEGACY_DUMPS`` (see ``dumps_variant``). ``JSONDecodeError`` is a
``ValueError`` carrying ``msg``, ``doc``, ``pos``, ``lineno`` and ``colno``.
"""

from __future__ import annotations

from typing import IO, Any, AnyStr

from . import _hpyjson
from ._hpyjson import JSONDecodeError, dumps, loads

__all__ = ["JSONDecodeError", "dump", "dumps", "load", "loads"]

hpy_abi: str = _hpyjson.hpy_abi
dumps_variant: str = _hpyjson.dumps_variant


def load(fp: IO[AnyStr], **kwargs: Any) -> Any:
    """Deserialize the JSON document read from the file object ``fp``."""
    return loads(fp.read(), **kwargs)


def dump(obj: Any, fp: IO[str], **kwargs: Any) -> None:
    """Serialize ``obj`` as JSON and write it to the text file object ``fp``."""
    fp.write(dumps(obj, **kwargs))
