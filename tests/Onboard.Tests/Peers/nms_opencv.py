"""OpenCV's cv2.dnn.NMSBoxes over a batch of NMS cases, for parity tests. One process for all cases.
    nms_opencv.py CASES.bin OUT.txt
CASES.bin (little-endian): int32 count, then per case: int32 n, float32 iou, int32 agnostic,
n x (x1, y1, x2, y2) float32, n scores float32, n classes int32.
OUT.txt: one line per case, the kept indices in output order, space-separated.
NMSBoxes takes (x, y, w, h); with float input it uses Rect2d, so the conversion is done in float64 where
x1 + (x2 - x1) gives x2 back exactly. Per-class cases use Ultralytics' trick: boxes are offset by
class x (2 x the case's coordinate span), so boxes of different classes can never overlap (OpenCV 4.6
has no NMSBoxesBatched).
"""
import struct
import sys

import cv2
import numpy as np

data = open(sys.argv[1], "rb").read()
(count,) = struct.unpack_from("<i", data, 0)
offset = 4
lines = []
for _ in range(count):
    n, iou, agnostic = struct.unpack_from("<ifi", data, offset)
    offset += 12
    boxes = np.frombuffer(data, "<f4", n * 4, offset).reshape(n, 4).astype(np.float64)
    offset += 16 * n
    scores = np.frombuffer(data, "<f4", n, offset)
    offset += 4 * n
    classes = np.frombuffer(data, "<i4", n, offset)
    offset += 4 * n
    if n == 0:
        lines.append("")
        continue
    if not agnostic:
        span = boxes.max() - boxes.min() + 1.0
        boxes = boxes + (classes.astype(np.float64) * 2.0 * span)[:, None]
    xywh = np.column_stack([boxes[:, 0], boxes[:, 1], boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]])
    keep = cv2.dnn.NMSBoxes(xywh.tolist(), scores.tolist(), 0.0, float(iou))
    lines.append(" ".join(str(int(i)) for i in np.array(keep, dtype=np.int64).reshape(-1)))
with open(sys.argv[2], "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"{count} cases")
