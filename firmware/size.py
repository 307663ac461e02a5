#!/usr/bin/env python3
"""Flash and RAM of an ELF firmware image, from its section headers (no binutils needed).

Flash = .vector_table + .text + .rodata + .data (initial values); RAM = .data + .bss + .uninit.
Usage: python3 firmware/size.py [path/to/elf]
"""
import struct
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "target/thumbv7em-none-eabihf/release/edgejwt-firmware"
data = open(path, "rb").read()
assert data[:4] == b"\x7fELF" and data[4] == 1, "expects a 32-bit ELF"
shoff, = struct.unpack_from("<I", data, 0x20)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)
sections = []
for i in range(shnum):
    name, _type, _flags, _addr, offset, size = struct.unpack_from("<IIIIII", data, shoff + i * shentsize)
    sections.append((name, offset, size))
strtab = sections[shstrndx]
def name_of(index):
    start = strtab[1] + index
    return data[start:data.index(b"\0", start)].decode()
sizes = {name_of(n): size for n, _, size in sections}
flash = sum(sizes.get(s, 0) for s in (".vector_table", ".text", ".rodata", ".data"))
ram = sum(sizes.get(s, 0) for s in (".data", ".bss", ".uninit"))
print(f"flash {flash} bytes (.text {sizes.get('.text', 0)}, .rodata {sizes.get('.rodata', 0)}), "
      f"static RAM {ram} bytes (of which 32768 heap)")
