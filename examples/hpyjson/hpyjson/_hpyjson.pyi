# Type stub of the C extension hpyjson._hpyjson (src/module.c).
from typing import Any, Callable, Optional, Sequence, Union

hpy_abi: str
dumps_variant: str

class JSONDecodeError(ValueError):
    msg: str
    doc: Union[str, bytes, bytearray, memoryview]
    pos: int
    lineno: int
    colno: int

def loads(s: Union[str, bytes, bytearray, memoryview], *, allow_nan: bool = ...) -> Any: ...
def dumps(
    obj: Any,
    ensure_ascii: bool = ...,
    encode_html_chars: bool = ...,
    escape_forward_slashes: bool = ...,
    sort_keys: bool = ...,
    indent: Optional[int] = ...,
    allow_nan: bool = ...,
    reject_bytes: bool = ...,
    default: Optional[Callable[[Any], Any]] = ...,
    separators: Optional[Sequence[str]] = ...,
) -> str: ...
