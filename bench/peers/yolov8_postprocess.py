"""The Python peer of the YOLOv8 postprocess benchmark: decode + per-class NMS the way Python users do it
(numpy max/argmax/threshold, then cv2.dnn.NMSBoxes with Ultralytics' class-offset trick, since OpenCV 4.6
has no NMSBoxesBatched), timed inside this process. Run with Debian's /usr/bin/python3 (numpy, python3-opencv).
    yolov8_postprocess.py TENSOR.f32 [--classes 80] [--anchors 8400] [--conf 0.25] [--iou 0.7]
                          [--max-det 300] [--iterations 2000] [--warmup 200]
TENSOR.f32: one image's head, float32 [4 + classes, anchors], row-major.
Prints one JSON line: median/mean/p10/p90 microseconds per call, the candidate count and the kept anchor
indices in output order (the benchmark checks they equal ours).
The numpy part is the fastest common form: the max over classes on the contiguous [C, N] rows first, then
argmax only for the anchors above the threshold (slower forms transpose to [N, C] first).
"""
import argparse
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import cv2  # noqa: E402
import numpy as np  # noqa: E402

MAX_WH = 7680.0  # Ultralytics' class offset


def postprocess(out, nc, conf, iou, max_det):
    scores = out[4:4 + nc]
    best = scores.max(0)
    idx = np.flatnonzero(best > conf)
    cls = scores[:, idx].argmax(0)
    s = best[idx]
    # float64 so the class offset does not round the boxes (in float32 it moves them by up to 1/16 pixel).
    cx, cy, w, h = (out[r, idx].astype(np.float64) for r in range(4))
    off = cls * MAX_WH
    xywh = np.stack([cx - w / 2 + off, cy - h / 2 + off, w, h], 1)
    keep = cv2.dnn.NMSBoxes(xywh, s, conf, iou)
    keep = np.asarray(keep, dtype=np.int64).reshape(-1)[:max_det]
    return idx[keep], len(idx)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("tensor")
    p.add_argument("--classes", type=int, default=80)
    p.add_argument("--anchors", type=int, default=8400)
    p.add_argument("--conf", type=float, default=0.25)
    p.add_argument("--iou", type=float, default=0.7)
    p.add_argument("--max-det", type=int, default=300)
    p.add_argument("--iterations", type=int, default=2000)
    p.add_argument("--warmup", type=int, default=200)
    a = p.parse_args()
    cv2.setNumThreads(1)
    out = np.fromfile(a.tensor, dtype="<f4").reshape(4 + a.classes, a.anchors)
    for _ in range(a.warmup):
        postprocess(out, a.classes, a.conf, a.iou, a.max_det)
    times = np.empty(a.iterations)
    for i in range(a.iterations):
        t0 = time.perf_counter_ns()
        keep, candidates = postprocess(out, a.classes, a.conf, a.iou, a.max_det)
        times[i] = (time.perf_counter_ns() - t0) / 1000.0
    print(json.dumps({
        "median_us": float(np.median(times)),
        "mean_us": float(times.mean()),
        "p10_us": float(np.percentile(times, 10)),
        "p90_us": float(np.percentile(times, 90)),
        "iterations": a.iterations,
        "candidates": int(candidates),
        "keep": [int(k) for k in keep],
    }))


if __name__ == "__main__":
    main()
