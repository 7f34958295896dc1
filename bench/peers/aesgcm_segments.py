#!/usr/bin/python3
"""Benchmark peer: AES-256-GCM over a file in 1 MiB segments with python3-cryptography (Debian's), the same work as
the clip envelope's segments (nonce = prefix || counter, 37-byte associated data). Long-lived: reads lines
"encrypt IN OUT" on stdin and answers "done" when OUT is written, so a benchmark times the work, not Python's start."""
import os, struct, sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SEG = 1 << 20
aes = AESGCM(AESGCM.generate_key(bit_length=256))
prefix, hh = os.urandom(8), os.urandom(32)
for line in sys.stdin:
    _, src, dst = line.split()
    with open(src, "rb") as f, open(dst, "wb") as out:
        i, chunk = 0, f.read(SEG)
        while True:
            nxt = f.read(SEG)
            final = not nxt
            out.write(aes.encrypt(prefix + struct.pack(">I", i), chunk, hh + struct.pack(">I", i) + (b"\x01" if final else b"\x00")))
            if final:
                break
            chunk, i = nxt, i + 1
    print("done", flush=True)
