"""OpenCV oracle for the preprocessing tests: the steps users write with OpenCV, in order.

usage: /usr/bin/python3 preprocess_oracle.py CASES.json
Each case: {"input", "format", "width", "height", "stride", "size": [W, H], "mode", "pad",
"roi": [x, y, w, h] | null, "interpolation", "output"}. Writes the H x W x 3 BGR uint8 image (raw) to
"output", then prints "done N". One process handles the whole batch so start-up is paid once.
"""
import json
import sys

import cv2
import numpy as np

CODES = {
    "nv12": cv2.COLOR_YUV2BGR_NV12, "nv21": cv2.COLOR_YUV2BGR_NV21, "i420": cv2.COLOR_YUV2BGR_I420,
    "yuyv": cv2.COLOR_YUV2BGR_YUYV, "uyvy": cv2.COLOR_YUV2BGR_UYVY,
    "rgb24": cv2.COLOR_RGB2BGR, "bgra32": cv2.COLOR_BGRA2BGR, "rgba32": cv2.COLOR_RGBA2BGR, "gray8": cv2.COLOR_GRAY2BGR,
}
BPP = {"bgr24": 3, "rgb24": 3, "bgra32": 4, "rgba32": 4, "gray8": 1, "nv12": 1, "nv21": 1, "i420": 1, "yuyv": 2, "uyvy": 2}
INTER = {"linear": cv2.INTER_LINEAR, "nearest": cv2.INTER_NEAREST, "area": cv2.INTER_AREA}


def to_bgr(raw, fmt, w, h, stride):
    """Our frame layout (any stride) → the Mat OpenCV's cvtColor expects → BGR."""
    if fmt in ("nv12", "nv21"):
        planes = raw[: stride * h * 3 // 2].reshape(h * 3 // 2, stride)[:, :w]
        return cv2.cvtColor(np.ascontiguousarray(planes), CODES[fmt])
    if fmt == "i420":
        # Ours: chroma rows at stride/2; OpenCV's I420 Mat packs them at w/2.
        y = raw[: stride * h].reshape(h, stride)[:, :w]
        cs = stride // 2
        u = raw[stride * h: stride * h + cs * h // 2].reshape(h // 2, cs)[:, : w // 2]
        v = raw[stride * h + cs * h // 2: stride * h + cs * h].reshape(h // 2, cs)[:, : w // 2]
        packed = np.concatenate([y.reshape(-1), u.reshape(-1), v.reshape(-1)]).reshape(h * 3 // 2, w)
        return cv2.cvtColor(packed, CODES[fmt])
    bpp = BPP[fmt]
    img = raw[: stride * h].reshape(h, stride)[:, : w * bpp]
    if bpp == 1:
        img = np.ascontiguousarray(img)
    else:
        img = np.ascontiguousarray(img).reshape(h, w, bpp)
    return img if fmt == "bgr24" else cv2.cvtColor(img, CODES[fmt])


def geometry(w, h, W, H, mode):
    if mode == "stretch":
        return W, H, 0, 0, 0, 0
    r = min(H / h, W / w) if mode == "letterbox" else max(H / h, W / w)
    nw, nh = int(round(w * r)), int(round(h * r))
    dw, dh = (W - nw) / 2, (H - nh) / 2
    return nw, nh, int(round(dw - 0.1)), int(round(dw + 0.1)), int(round(dh - 0.1)), int(round(dh + 0.1))


def run(case):
    raw = np.fromfile(case["input"], np.uint8)
    w, h, fmt = case["width"], case["height"], case["format"]
    stride = case["stride"] or w * BPP[fmt]
    img = to_bgr(raw, fmt, w, h, stride)
    if case.get("roi"):
        x, y, rw, rh = case["roi"]
        img = img[y: y + rh, x: x + rw]
        w, h = rw, rh
    W, H = case["size"]
    nw, nh, left, right, top, bottom = geometry(w, h, W, H, case["mode"])
    img = cv2.resize(img, (nw, nh), interpolation=INTER[case["interpolation"]])
    if case["mode"] == "letterbox":
        pad = case["pad"]
        img = cv2.copyMakeBorder(img, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(pad, pad, pad))
    elif case["mode"] == "crop":
        img = img[-top: -top + H, -left: -left + W]
    assert img.shape == (H, W, 3), (img.shape, case)
    np.ascontiguousarray(img).tofile(case["output"])


def main():
    cases = json.load(open(sys.argv[1]))
    for case in cases:
        run(case)
    print(f"done {len(cases)}", flush=True)


if __name__ == "__main__":
    main()
