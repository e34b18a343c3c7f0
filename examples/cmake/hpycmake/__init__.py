"""hpycmake: the Python side of the example; the C side is hpycmake._core."""

from ._core import abi, add

__all__ = ["abi", "add"]
