"""Images with text lines drawn by OpenCV's putText, preprocessed exactly as PaddleOCR feeds PP-OCR det.
    text_images.py OUTDIR SEED COUNT
Writes OUTDIR/tensorN.f32 (float32 NCHW [1, 3, h, w]) and prints one JSON line describing every image:
source size, tensor size, and each line's text and ink box [x1, y1, x2, y2) in source pixels (the bounding
box of the pixels putText changed, found by drawing the line alone).
Preprocessing (PaddleOCR tools/infer, PP-OCRv4 det config): DetResizeForTest with limit_type 'max',
limit_side_len 960 (sides rounded to multiples of 32, stretched with cv2.resize), NormalizeImage on the BGR
image as decoded (scale 1/255, mean 0.485/0.456/0.406, std 0.229/0.224/0.225, in B, G, R order), HWC→CHW.
"""
import json
import os
import sys

import cv2
import numpy as np

out_dir, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(seed)
WORDS = ("ROAD WORKS AHEAD speed limit 50 exit 12 Main Street detour left lane closed parking "
         "only bus stop 2026 north 7 km station open 24h no entry keep right truck route").split()
FONTS = [cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_COMPLEX,
         cv2.FONT_HERSHEY_TRIPLEX, cv2.FONT_HERSHEY_PLAIN]
SIZES = [(640, 480), (800, 600), (1280, 720), (500, 375), (1000, 700), (960, 540)]


def preprocess(img):
    h, w = img.shape[:2]
    ratio = 960.0 / max(h, w) if max(h, w) > 960 else 1.0
    rh, rw = int(h * ratio), int(w * ratio)
    rh = max(int(round(rh / 32) * 32), 32)
    rw = max(int(round(rw / 32) * 32), 32)
    resized = cv2.resize(img, (rw, rh))
    mean = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(1, 1, 3)
    std = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(1, 1, 3)
    norm = (resized.astype(np.float32) * np.float32(1.0 / 255.0) - mean) / std
    return np.ascontiguousarray(norm.transpose(2, 0, 1)[None]), rw, rh


images = []
for i in range(count):
    w, h = SIZES[i % len(SIZES)]
    dark_on_light = i % 5 != 4
    bg = rng.integers(185, 256, 3) if dark_on_light else rng.integers(0, 60, 3)
    img = np.empty((h, w, 3), np.uint8)
    img[:] = bg
    lines = []
    y = int(rng.integers(15, 40))
    while True:
        font = FONTS[int(rng.integers(len(FONTS)))]
        scale = float(rng.uniform(1.2, 2.2) if font == cv2.FONT_HERSHEY_PLAIN else rng.uniform(0.7, 1.6))
        thickness = int(rng.integers(1, 4))
        words = [WORDS[int(k)] for k in rng.integers(len(WORDS), size=int(rng.integers(1, 5)))]
        x = int(rng.integers(10, max(11, w // 4)))
        while True:
            text = " ".join(words)
            (tw, th), base = cv2.getTextSize(text, font, scale, thickness)
            if x + tw < w - 10 or len(words) == 1:
                break
            words.pop()
        if x + tw >= w - 10 or y + th + base >= h - 10:
            break
        origin = (x, y + th)
        color = tuple(int(c) for c in (rng.integers(0, 90, 3) if dark_on_light else rng.integers(200, 256, 3)))
        cv2.putText(img, text, origin, font, scale, color, thickness, cv2.LINE_AA)
        mask = np.zeros((h, w), np.uint8)
        cv2.putText(mask, text, origin, font, scale, 255, thickness, cv2.LINE_AA)
        ys, xs = np.nonzero(mask)
        lines.append({"text": text, "box": [int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1]})
        y += th + base + int(th * rng.uniform(0.9, 1.8))
    tensor, rw, rh = preprocess(img)
    name = f"tensor{i}.f32"
    tensor.astype("<f4").tofile(os.path.join(out_dir, name))
    images.append({"tensor": name, "width": w, "height": h, "tensorWidth": rw, "tensorHeight": rh, "lines": lines})
print(json.dumps({"images": images}))
