"""The Python peer of the linear assignment benchmark: scipy.optimize.linear_sum_assignment (Debian python3-scipy)
on the same matrices the C# benchmark solves, timed inside this process.
    lsa_scipy_bench.py MATRICES.bin
MATRICES.bin (little-endian): int32 count, then per matrix int32 n and n x n float64 (row-major).
Prints one JSON line per matrix: n, median/p10/p90 microseconds per call and the minimum total cost (the benchmark
checks it equals ours). Iterations scale with n so each matrix takes about a second.
"""
import json
import os
import struct
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402

data = open(sys.argv[1], "rb").read()
(count,) = struct.unpack_from("<i", data, 0)
offset = 4
for _ in range(count):
    (n,) = struct.unpack_from("<i", data, offset)
    offset += 4
    cost = np.frombuffer(data, "<f8", n * n, offset).reshape(n, n).copy()
    offset += 8 * n * n
    rows, cols = linear_sum_assignment(cost)
    t0 = time.perf_counter()
    linear_sum_assignment(cost)
    once = max(time.perf_counter() - t0, 1e-6)
    iterations = max(5, min(5000, int(1.0 / once)))
    times = np.empty(iterations)
    for i in range(iterations):
        t0 = time.perf_counter_ns()
        linear_sum_assignment(cost)
        times[i] = (time.perf_counter_ns() - t0) / 1000.0
    print(json.dumps({
        "n": n,
        "median_us": float(np.median(times)),
        "p10_us": float(np.percentile(times, 10)),
        "p90_us": float(np.percentile(times, 90)),
        "iterations": iterations,
        "cost": float(cost[rows, cols].sum()),
    }), flush=True)
