"""hpyshapes: the Python side of the example; the C side is hpyshapes._core."""

from ._core import abi, add

__all__ = ["abi", "add"]
