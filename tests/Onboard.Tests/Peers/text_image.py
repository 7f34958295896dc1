"""Writes an image with dark text on a light background, for the OCR text detector tests.
    text_image.py OUT.(png|jpg) WIDTH HEIGHT
OpenCV's built-in Hershey font needs no font files. Prints one JSON line: the text's bounding box in pixels.
"""
import json
import sys

import cv2
import numpy as np

out, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
image = np.full((height, width, 3), 235, np.uint8)
text = "ONBOARD 2026"
scale, thickness = 2.0, 4
(tw, th), baseline = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
x, y = (width - tw) // 2, (height + th) // 2
cv2.putText(image, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, (20, 20, 20), thickness, cv2.LINE_AA)
if not cv2.imwrite(out, image):
    sys.exit("could not write " + out)
print(json.dumps({"box": [x, y - th, x + tw, y + baseline]}))
