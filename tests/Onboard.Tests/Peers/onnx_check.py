"""Independent check of a model we generate: Debian's python3-onnx checker with full shape inference.
    onnx_check.py MODEL.onnx
Prints one JSON line: opset, inputs and outputs with their inferred shapes; exits non-zero if the checker refuses.
"""
import json
import sys

import onnx

model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)


def shape(v):
    return [d.dim_value if d.HasField("dim_value") else d.dim_param for d in v.type.tensor_type.shape.dim]


print(json.dumps({
    "opset": [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")][0],
    "inputs": {v.name: shape(v) for v in inferred.graph.input},
    "outputs": {v.name: shape(v) for v in inferred.graph.output},
}))
