"""Debian's OpenCV (python3-opencv 4.6) as the codec peer of the ImageCodec tests.
    image_codec.py write DIR     writes the test images into DIR, each with NAME.bgr = cv2.imdecode(file,
                                 IMREAD_COLOR) as raw H x W x 3 bytes; prints one JSON line per image:
                                 {"name", "width", "height"}, then "done N"
    image_codec.py decode IN OUT cv2.imdecode(IN, IMREAD_COLOR) → OUT raw; prints {"width", "height"}
The scene has smooth gradients, hard edges and noise, at an odd size (chroma subsampling edges), so a
decoder difference in upsampling, IDCT or colour conversion shows up.
"""
import json
import sys

import cv2
import numpy as np


def scene(w, h, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.stack([x / w * 255, y / h * 255, (x + y) / (w + h) * 255], 2)
    img += rng.normal(0, 12, img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    cv2.circle(img, (w // 3, h // 2), min(w, h) // 4, (20, 40, 220), -1)
    cv2.rectangle(img, (w // 2, h // 5), (w - 5, h - 7), (200, 160, 10), -1)
    return img


def decode(path):
    return cv2.imdecode(np.fromfile(path, np.uint8), cv2.IMREAD_COLOR)


def write(out):
    img = scene(97, 61, 1)
    big = scene(640, 480, 2)
    bgra = np.dstack([img, np.linspace(0, 255, img.shape[1], dtype=np.uint8)[None, :].repeat(img.shape[0], 0)])
    images = [
        ("color.png", img, []),
        ("gray.png", cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), []),
        ("alpha.png", bgra, []),
        ("deep.png", img.astype(np.uint16) * 257 + 3, []),
        ("color.jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 95]),
        ("big.jpg", big, [cv2.IMWRITE_JPEG_QUALITY, 80]),
        ("progressive.jpg", big, [cv2.IMWRITE_JPEG_QUALITY, 90, cv2.IMWRITE_JPEG_PROGRESSIVE, 1]),
        ("gray.jpg", cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), [cv2.IMWRITE_JPEG_QUALITY, 90]),
    ]
    for name, data, params in images:
        path = f"{out}/{name}"
        if not cv2.imwrite(path, data, params):
            sys.exit("could not write " + path)
        decoded = decode(path)
        decoded.tofile(path + ".bgr")
        print(json.dumps({"name": name, "width": decoded.shape[1], "height": decoded.shape[0]}), flush=True)
    print(f"done {len(images)}", flush=True)


def main():
    if sys.argv[1] == "write":
        write(sys.argv[2])
    else:
        img = decode(sys.argv[2])
        if img is None:
            sys.exit("cv2.imdecode could not decode " + sys.argv[2])
        img.tofile(sys.argv[3])
        print(json.dumps({"width": img.shape[1], "height": img.shape[0]}), flush=True)


if __name__ == "__main__":
    main()
