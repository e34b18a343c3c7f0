"""The dynamic symbols of an ELF shared object, read with the standard library.

Enough of ELF for ``hpykit check``: the header (class, byte order, type), the
section headers, and the ``.dynsym`` table with its string table. Raises
:class:`ElfError` saying what is wrong with a file that is not a usable ELF file.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
ET_DYN = 3
SHT_DYNSYM = 11
SHN_UNDEF = 0


class ElfError(ValueError):
    """The file is not an ELF file, or a damaged one."""


@dataclass(frozen=True)
class ElfSymbols:
    """What a shared object defines (exports) and what it needs from elsewhere."""

    elf_type: int
    defined: frozenset[str]
    undefined: frozenset[str]


def _unpack(fmt: str, data: bytes, offset: int) -> tuple[int, ...]:
    try:
        return struct.unpack_from(fmt, data, offset)
    except struct.error:
        raise ElfError(f"truncated ELF file (no room for a {fmt} at offset {offset})") from None


def read_symbols(path: Path) -> ElfSymbols:
    """The dynamic symbols of the ELF file at ``path``."""
    data = path.read_bytes()
    if not data.startswith(ELF_MAGIC):
        raise ElfError("not an ELF file")
    if len(data) < 64 or data[4] not in (1, 2) or data[5] not in (1, 2):
        raise ElfError("damaged ELF header")
    is64 = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    if is64:
        elf_type, = _unpack(order + "H", data, 16)
        shoff, = _unpack(order + "Q", data, 40)
        shentsize, shnum = _unpack(order + "HH", data, 58)
        section_fmt = order + "IIQQQQIIQQ"
    else:
        elf_type, = _unpack(order + "H", data, 16)
        shoff, = _unpack(order + "I", data, 32)
        shentsize, shnum = _unpack(order + "HH", data, 46)
        section_fmt = order + "IIIIIIIIII"
    sections = [_unpack(section_fmt, data, shoff + i * shentsize) for i in range(shnum)]
    defined: set[str] = set()
    undefined: set[str] = set()
    for section in sections:
        # sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info, ...
        if section[1] != SHT_DYNSYM:
            continue
        offset, size, link = section[4], section[5], section[6]
        entsize = section[9] or (24 if is64 else 16)
        if link >= len(sections):
            raise ElfError("damaged ELF file (.dynsym links to no string table)")
        strtab_offset, strtab_size = sections[link][4], sections[link][5]
        strtab = data[strtab_offset:strtab_offset + strtab_size]
        for index in range(1, size // entsize):  # entry 0 is the null symbol
            start = offset + index * entsize
            if is64:
                name_off, _info, _other, shndx = _unpack(order + "IBBH", data, start)
            else:
                name_off, = _unpack(order + "I", data, start)
                shndx, = _unpack(order + "H", data, start + 14)
            end = strtab.find(b"\0", name_off)
            name = strtab[name_off:end if end >= 0 else None].decode("utf-8", "replace")
            if name:
                (undefined if shndx == SHN_UNDEF else defined).add(name)
    return ElfSymbols(elf_type, frozenset(defined), frozenset(undefined))
