"""Decodes the messages mcap_read.mjs dumped from a clip, two independent ways: with _pb2 modules Debian's protoc
generated from our .proto files and Foxglove's (argument 2), and with the FileDescriptorSet each MCAP schema carries
(what Foxglove does). JPEG payloads are decoded with OpenCV. Prints one JSON object, per topic:
  count, schema, same (both decodings agree on every message), and per message what the test checks."""
import glob
import json
import os
import sys

import cv2
import numpy as np
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

dump, pb2 = sys.argv[1], sys.argv[2]
sys.path.insert(0, pb2)
import detections_pb2  # noqa: E402
from foxglove import CompressedImage_pb2, ImageAnnotations_pb2  # noqa: E402

compiled = {
    "foxglove.CompressedImage": CompressedImage_pb2.CompressedImage,
    "foxglove.ImageAnnotations": ImageAnnotations_pb2.ImageAnnotations,
    "onboard.v1.DetectionList": detections_pb2.DetectionList,
}


def from_schema(path, name):
    files = descriptor_pb2.FileDescriptorSet.FromString(open(path, "rb").read())
    pool = descriptor_pool.DescriptorPool()
    for f in files.file:
        pool.Add(f)
    return message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName(name))


def describe(name, message):
    if name == "foxglove.CompressedImage":
        image = cv2.imdecode(np.frombuffer(message.data, np.uint8), cv2.IMREAD_COLOR)
        return {"format": message.format, "frame_id": message.frame_id,
                "time_ns": message.timestamp.seconds * 1_000_000_000 + message.timestamp.nanos,
                "shape": None if image is None else list(image.shape), "mean": None if image is None else float(image.mean())}
    if name == "foxglove.ImageAnnotations":
        return {"boxes": [[min(p.x for p in a.points), min(p.y for p in a.points), max(p.x for p in a.points), max(p.y for p in a.points)]
                          for a in message.points],
                "types": [a.type for a in message.points], "texts": [t.text for t in message.texts]}
    if name == "onboard.v1.DetectionList":
        return {"sequence": message.header.sequence, "camera": message.header.camera_id,
                "boxes": [[d.x1, d.y1, d.x2, d.y2, round(d.score, 4), d.class_id] for d in message.detections]}
    return {}


result = {}
for topic, entry in json.load(open(os.path.join(dump, "index.json"))).items():
    name = entry["schema"]
    files = sorted(glob.glob(os.path.join(dump, entry["dir"], "*.bin")))
    dynamic = from_schema(os.path.join(dump, entry["schemaFile"]), name) if name else None
    out = {"count": len(files), "schema": name, "same": True, "messages": []}
    for f in files:
        data = open(f, "rb").read()
        static = compiled.get(name)
        if static is None or dynamic is None:
            continue
        a, b = static.FromString(data), dynamic.FromString(data)
        out["same"] = out["same"] and json_format.MessageToDict(a) == json_format.MessageToDict(b)
        out["messages"].append(describe(name, a))
    result[topic] = out
print(json.dumps(result))
