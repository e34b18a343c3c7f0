"""hpymeson: the Python side of the example; the C side is hpymeson._core."""

from ._core import abi, add

__all__ = ["abi", "add"]
