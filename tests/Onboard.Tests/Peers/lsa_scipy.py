"""scipy.optimize.linear_sum_assignment over a batch of cost matrices, for the assignment parity tests.
    lsa_scipy.py MATRICES.bin OUT.txt
MATRICES.bin (little-endian): int32 count, then per matrix: int32 rows, int32 cols, rows x cols float64.
OUT.txt: one line per matrix: the minimum total cost (repr), then the row indices and column indices of the
assignment, space-separated, with '|' between the three parts. Run with Debian's /usr/bin/python3 (python3-scipy).
"""
import struct
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment

data = open(sys.argv[1], "rb").read()
(count,) = struct.unpack_from("<i", data, 0)
offset = 4
lines = []
for _ in range(count):
    rows, cols = struct.unpack_from("<ii", data, offset)
    offset += 8
    cost = np.frombuffer(data, "<f8", rows * cols, offset).reshape(rows, cols)
    offset += 8 * rows * cols
    r, c = linear_sum_assignment(cost)
    total = float(cost[r, c].sum()) if len(r) else 0.0
    lines.append(repr(total) + "|" + " ".join(map(str, r)) + "|" + " ".join(map(str, c)))
with open(sys.argv[2], "w") as f:
    f.write("\n".join(lines) + "\n")
