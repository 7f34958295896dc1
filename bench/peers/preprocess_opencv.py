"""OpenCV doing the benchmark's work the way users write it, timed inside this process (start-up excluded).

usage: /usr/bin/python3 bench/peers/preprocess_opencv.py FORMAT THREADS [ITERATIONS]
FORMAT: bgr24 | nv12 (1920x1080 source); THREADS: cv2.setNumThreads (0 = OpenCV's default, all cores).
Work: cvtColor (NV12 only) → resize(INTER_LINEAR) → copyMakeBorder(114) → blobFromImage(1/255, swapRB)
to a 1x3x640x640 float32 tensor. Prints one JSON line with the median and minimum milliseconds per frame.

Note (measured, Debian OpenCV 4.6 + glibc): in the bgr24 process blobFromImage's fresh 4.9 MB output is
mmap'ed and page-faulted on every call (~5 ms, against ~0.6 ms in the nv12 process, where freeing cvtColor's
6 MB image first raises glibc's mmap threshold). That is what a user's script sees; the sum of the steps
timed alone (resize 0.35-0.55 + border 0.03 + blob 0.6 ms) is the allocator-independent figure.
"""
import json
import sys
import time

import cv2
import numpy as np


def main():
    fmt, threads = sys.argv[1], int(sys.argv[2])
    iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    cv2.setNumThreads(threads if threads > 0 else cv2.getNumberOfCPUs())
    rng = np.random.default_rng(1)
    frame = rng.integers(0, 256, (1620, 1920) if fmt == "nv12" else (1080, 1920, 3), dtype=np.uint8)

    def preprocess():
        img = cv2.cvtColor(frame, cv2.COLOR_YUV2BGR_NV12) if fmt == "nv12" else frame
        h, w = img.shape[:2]
        r = min(640 / h, 640 / w)
        nw, nh = int(round(w * r)), int(round(h * r))
        img = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
        dw, dh = (640 - nw) / 2, (640 - nh) / 2
        img = cv2.copyMakeBorder(img, int(round(dh - 0.1)), int(round(dh + 0.1)), int(round(dw - 0.1)), int(round(dw + 0.1)),
                                 cv2.BORDER_CONSTANT, value=(114, 114, 114))
        return cv2.dnn.blobFromImage(img, 1 / 255.0, (640, 640), swapRB=True)

    for _ in range(20):
        preprocess()
    times = []
    for _ in range(iterations):
        t = time.perf_counter()
        preprocess()
        times.append(time.perf_counter() - t)
    times.sort()
    print(json.dumps({"format": fmt, "threads": threads, "median_ms": times[len(times) // 2] * 1e3, "min_ms": times[0] * 1e3}))


if __name__ == "__main__":
    main()
