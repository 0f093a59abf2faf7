"""Writing a model bundle out in other formats: the one owner of every export format.

Formats: `onnx` (for ONNX Runtime and any other ONNX consumer), `pt` (a PyTorch state dict), `keras`
(a whole Keras model) and `weights-txt` (the course's parameter extraction). Every export writes a
sidecar `PATH.json` beside the file: the class names, the preprocessing the model expects, the input
layout, shape and value range, and what comes out. The ONNX file carries the same facts in its
`metadata_props`, so it still describes itself when the sidecar is lost.

ONNX is written by torch.onnx's TorchScript exporter (onnxscript, which the newer exporter needs, is
not a dependency). A Keras bundle is exported through its torch twin: the same zoo spec built in torch
with the Keras weights copied in (tf2onnx is not a dependency either); both take NHWC pictures and give
softmax probabilities, and the twin is checked against Keras before anything is written.
The ONNX file of a bundle is also cached (keyed by the weights' hash) for the ONNX Runtime backend, and
so is its 8-bit copy (core.inference reads live frames with it where it reads as the float model does).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import numpy as np

from core import __version__, paths
from core.fileio import UserError, atomic_path, write_bytes_atomic, write_json_atomic, write_text_atomic
from core.registry import BundleInfo, find_bundle, load_engine

FORMATS = ("onnx", "pt", "keras", "weights-txt")
FORMAT_SUFFIXES = {"onnx": ".onnx", "pt": ".pt", "keras": ".keras", "weights-txt": ".txt"}
ONNX_OPSET = 17                  # onnxruntime 1.16+ runs it; torch's TorchScript exporter writes it
ONNX_INPUT = "image"
ONNX_OUTPUT = "probabilities"
INPUT_LAYOUT = "NHWC"            # (batch, height, width, channels), as core.inference feeds both engines
_CACHE_VERSION = "1"             # bump when the exported graph changes, so cached files are rebuilt
_INT8_VERSION = "1"              # bump when the quantization changes
_CALIBRATION_DIGITS = 256        # sample digits the 8-bit activation ranges come from (512: no closer, 2× the time)
_TWIN_TOLERANCE = 1e-4           # probabilities of a Keras model and its torch twin may differ this much
_PREPROCESSING_TEXT = {
    "mnist-v1": "core.preprocess.to_mnist: any picture of one digit → 28×28 float32 in 0..1, white digit "
                "on black; polarity found from the paper, ink cropped, fitted into 20×20 keeping its "
                "aspect, centred by its centre of mass (as MNIST was made)",
}


class ExportError(UserError):
    pass


def export_model(name_or_path: str | Path | None, format: str, out_path: str | Path) -> Path:
    """Write the bundle as `format` to out_path and its description to out_path + ".json"."""
    if format not in FORMATS:
        raise ExportError(f"Unknown export format {format!r} (use {', '.join(FORMATS)}).")
    bundle = find_bundle(name_or_path)
    out_path = Path(out_path).expanduser()
    if out_path.is_dir():
        raise ExportError(f"{out_path} is a folder; give a file name such as "
                          f"{out_path / (bundle.name + FORMAT_SUFFIXES[format])}.")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    _WRITERS[format](bundle, out_path)
    write_json_atomic(sidecar_path(out_path), model_card(bundle, format))
    return out_path


def native_format(bundle: BundleInfo) -> str:
    """The bundle's framework's own format: "pt" (a state dict) or "keras" (a whole model)."""
    return "keras" if bundle.engine == "keras" else "pt"


def sidecar_path(out_path: str | Path) -> Path:
    out_path = Path(out_path)
    return out_path.with_name(out_path.name + ".json")


def class_names(bundle: BundleInfo) -> list[str]:
    """The manifest's class names, else those of the dataset it was trained on, else "0", "1", …"""
    from core.data.formats import CIFAR10_CLASSES
    from core.data.published import FASHION_CLASSES

    count = int(bundle.spec.get("num_classes", 10))
    manifest = json.loads((bundle.path / "manifest.json").read_text(encoding="utf-8"))
    names = manifest.get("class_names")
    if not names:
        names = {"fashion-mnist": FASHION_CLASSES, "cifar10": CIFAR10_CLASSES}.get(bundle.dataset)
    names = [str(name) for name in names] if names else []
    return names if len(names) == count else [str(index) for index in range(count)]


def model_card(bundle: BundleInfo, format: str) -> dict:
    """What a reader of an exported file needs to use it: the sidecar's content."""
    height, width, channels = bundle.input_shape
    layout = input_layout(bundle, format)
    shape = [None, height, width, channels] if layout == "NHWC" else [None, channels, height, width]
    return {
        "model": bundle.name, "format": format, "engine": bundle.engine, "architecture": bundle.architecture,
        "dataset": bundle.dataset, "test_accuracy": bundle.test_accuracy, "class_names": class_names(bundle),
        "preprocessing": {"name": bundle.preprocessing,
                          "description": _PREPROCESSING_TEXT.get(bundle.preprocessing, bundle.preprocessing)},
        "input": {"name": ONNX_INPUT, "layout": layout, "shape": shape, "dtype": "float32", "range": [0.0, 1.0]},
        "output": {"name": ONNX_OUTPUT, "shape": [None, len(class_names(bundle))],
                   "meaning": "softmax probabilities, one per class name" if format == "onnx"
                   else "logits (apply softmax for probabilities)"},
        **({"opset": ONNX_OPSET} if format == "onnx" else {"spec": bundle.spec}),
        "exported_by": f"Inkling {__version__}",
    }


def input_layout(bundle: BundleInfo, format: str) -> str:
    """ONNX and Keras take NHWC pictures; a torch module (pt, a torch bundle's weights.txt) takes NCHW."""
    if format == "onnx" or format == "keras" or (format == "weights-txt" and bundle.engine == "keras"):
        return INPUT_LAYOUT
    return "NCHW"


# ---- the formats --------------------------------------------------------------------------------

def _write_weights_txt(bundle: BundleInfo, out_path: Path) -> None:
    """The course's parameter extraction: each tensor's name, shape and values, as text."""
    engine = load_engine(bundle, device="cpu")
    lines = []
    with np.printoptions(threshold=np.inf, linewidth=np.inf):
        for name, array in engine.weight_arrays():
            lines += [name, str(tuple(array.shape)), str(array), ""]
    write_text_atomic(out_path, "\n".join(lines))


def _write_pt(bundle: BundleInfo, out_path: Path) -> None:
    """A torch state dict: a torch bundle's own weights, or a Keras bundle's through its torch twin."""
    _check_suffix(out_path, "pt")
    if bundle.engine == "torch":
        with atomic_path(out_path) as tmp:
            shutil.copyfile(bundle.weights_path, tmp)
        return
    import torch

    twin = torch_twin(bundle)
    with atomic_path(out_path) as tmp:
        torch.save(twin.model.state_dict(), tmp)


def _write_keras(bundle: BundleInfo, out_path: Path) -> None:
    """A whole Keras model (architecture and weights), for a Keras bundle."""
    _check_suffix(out_path, "keras")
    if bundle.engine != "keras":
        raise ExportError(f"{bundle.name} is a PyTorch model; export it as onnx, pt or weights-txt "
                          "(the keras format is for models trained with Keras).")
    model = load_engine(bundle, device="cpu").model
    staging = out_path.parent / f".{out_path.stem}.partial.keras"
    model.save(staging)
    os.replace(staging, out_path)


def _write_onnx(bundle: BundleInfo, out_path: Path) -> None:
    _check_suffix(out_path, "onnx")
    write_bytes_atomic(out_path, onnx_bytes(bundle))


_WRITERS = {"onnx": _write_onnx, "pt": _write_pt, "keras": _write_keras, "weights-txt": _write_weights_txt}


def _check_suffix(out_path: Path, format: str) -> None:
    suffix = FORMAT_SUFFIXES[format]
    if out_path.suffix != suffix:
        raise ExportError(f"A {format} export is a {suffix} file; choose a name ending in {suffix}.")


# ---- ONNX ---------------------------------------------------------------------------------------

def onnx_bytes(bundle: BundleInfo, engine=None) -> bytes:
    """The bundle as an ONNX model: NHWC float32 pictures in (any batch size), probabilities out.
    `engine`: the bundle's torch engine on the CPU when the caller already has it."""
    import onnx

    reusable = engine is not None and engine.name == "torch" and engine.device_name == "CPU"
    torch_engine = engine if reusable else None
    if torch_engine is None:
        torch_engine = load_engine(bundle, "cpu") if bundle.engine == "torch" else torch_twin(bundle)
    model = onnx.load_from_string(_traced_onnx(torch_engine))
    card = model_card(bundle, "onnx")
    for key in ("class_names", "preprocessing", "input", "output"):
        entry = model.metadata_props.add()
        entry.key, entry.value = key, json.dumps(card[key])
    entry = model.metadata_props.add()
    entry.key, entry.value = "input_layout", INPUT_LAYOUT
    model.producer_name, model.doc_string = "inkling", f"{bundle.name}: {bundle.architecture} ({bundle.engine})"
    return model.SerializeToString()


def cached_onnx(bundle: BundleInfo, engine=None) -> Path:
    """The bundle's ONNX file in the user cache folder, exported on first use (keyed by the weights'
    hash, so retrained weights under the same name get a new file)."""
    target = paths.user_cache_dir() / "onnx" / f"{_weights_key(bundle)}.onnx"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, onnx_bytes(bundle, engine))
    return target


def cached_int8_onnx(bundle: BundleInfo, engine=None) -> Path:
    """The bundle's ONNX model with 8-bit weights and activations, made from cached_onnx's file on
    first use (about half a second) and cached beside it. ONNX Runtime's static quantization, per channel,
    calibrated on the shipped sample's first training digits; how close it reads to the float model
    is for the caller to check (core.inference does)."""
    source = cached_onnx(bundle, engine)
    target = source.with_name(f"{source.stem}-int8-v{_INT8_VERSION}.onnx")
    if not target.is_file():
        write_bytes_atomic(target, _quantized(source))
    return target


def _quantized(source: Path) -> bytes:
    import contextlib
    import tempfile

    import onnx
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                          quant_pre_process, quantize_static)

    with np.load(paths.MNIST_SAMPLE) as sample:
        pictures = sample["x_train"][:_CALIBRATION_DIGITS, ..., None].astype(np.float32) / 255.0

    class SampleDigits(CalibrationDataReader):
        def __init__(self):
            self._batches = iter([{ONNX_INPUT: pictures[start:start + 128]} for start in range(0, len(pictures), 128)])

        def get_next(self):
            return next(self._batches, None)

    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(io.StringIO()):
        prepared, quantized = Path(folder) / "prepared.onnx", Path(folder) / "int8.onnx"
        quant_pre_process(str(source), str(prepared))   # shapes inferred, graph folded: what quantization expects
        # The softmax stays in floats (8 bits would leave probabilities in steps of 1/256). The default
        # reader read MNIST's 10,000 test digits at 99.55% so (float: 99.56%), the same digit as the float
        # model for 99.99% of them. The calibration's progress lines are not for our stdout.
        softmax = [node.name for node in onnx.load(str(prepared)).graph.node if node.op_type == "Softmax"]
        quantize_static(str(prepared), str(quantized), SampleDigits(), quant_format=QuantFormat.QOperator,
                        per_channel=True, activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        calibrate_method=CalibrationMethod.Percentile, nodes_to_exclude=softmax)
        return quantized.read_bytes()


def _weights_key(bundle: BundleInfo) -> str:
    digest = hashlib.sha256(f"{_CACHE_VERSION}|{ONNX_OPSET}|{bundle.engine}|".encode())
    digest.update(json.dumps(bundle.spec, sort_keys=True).encode())
    with open(bundle.weights_path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:32]


def _traced_onnx(engine) -> bytes:
    """torch.onnx's TorchScript exporter over the engine's module wrapped to take NHWC and give softmax."""
    import warnings

    import torch

    class NHWCProbabilities(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, images):
            return torch.softmax(self.model(images.permute(0, 3, 1, 2)), dim=1)

    height, width, channels = engine.spec.input_shape
    wrapper = NHWCProbabilities(engine.model.cpu().eval())
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # the TorchScript exporter's deprecation notice
        torch.onnx.export(wrapper, (torch.zeros(1, height, width, channels),), buffer, dynamo=False,
                          opset_version=ONNX_OPSET, input_names=[ONNX_INPUT], output_names=[ONNX_OUTPUT],
                          dynamic_axes={ONNX_INPUT: {0: "batch"}, ONNX_OUTPUT: {0: "batch"}})
    return buffer.getvalue()


# ---- a Keras bundle's torch twin ------------------------------------------------------------------

def torch_twin(bundle: BundleInfo):
    """A torch engine of the same spec holding the Keras bundle's weights, checked to give the same
    probabilities (so that ONNX and .pt exports of Keras models need neither tf2onnx nor onnxscript)."""
    from core.engines.factory import create_engine
    from core.zoo import ModelSpec

    keras_engine = load_engine(bundle, "cpu")
    spec = ModelSpec.from_dict(bundle.spec)
    twin = create_engine("torch", spec, "cpu")
    _copy_keras_weights(keras_engine, twin, spec)
    probe = np.random.default_rng(0).random((4, *spec.input_shape), dtype=np.float32)
    difference = float(np.abs(keras_engine.predict(probe) - twin.predict(probe)).max())
    if not difference <= _TWIN_TOLERANCE:
        raise ExportError(f"{bundle.name} ({bundle.architecture}, Keras) cannot be exported to ONNX or pt: "
                          f"its torch build differs from Keras by {difference:.2g} (Keras' own ONNX export "
                          "needs tf2onnx, which Inkling does not install).")
    return twin


def _copy_keras_weights(keras_engine, twin, spec) -> None:
    """Keras arrays → torch tensors, matched in order: conv HWIO → OIHW, depthwise HWC1 → C1HW,
    dense (in, out) → (out, in) with rows reordered when a flatten turned NHWC maps into vectors."""
    import torch

    state = twin.model.state_dict()
    names = [name for name in state if not name.endswith("num_batches_tracked")]
    arrays = _keras_arrays_in_torch_order(keras_engine.model)
    if len(arrays) != len(names):
        raise ExportError(f"{spec.name} ({len(arrays)} Keras arrays, {len(names)} torch tensors) cannot be "
                          "converted for export; Keras' own ONNX export needs tf2onnx, which Inkling does not "
                          "install.")
    flattened = _flattened_inputs(spec)
    for name, (keras_name, array) in zip(names, arrays):
        converted = _to_torch_layout(keras_name, array, flattened.get(keras_name.split("/", 1)[0]))
        if tuple(converted.shape) != tuple(state[name].shape):
            raise ExportError(f"{spec.name} cannot be converted for export: {keras_name} {array.shape} does "
                              f"not fit {name} {tuple(state[name].shape)}.")
        state[name] = torch.from_numpy(np.ascontiguousarray(converted))
    twin.model.load_state_dict(state)


def _keras_arrays_in_torch_order(model) -> list[tuple[str, np.ndarray]]:
    """Like KerasEngine.weight_arrays, but the parts of a nested block (inception, residual) in the
    order the torch block registers them: by name stem, a convolution before its BN (a Keras nested
    model lists its layers in graph order, which differs)."""
    arrays = []
    for layer in model.layers:
        parts = sorted(layer.layers, key=_part_order) if hasattr(layer, "layers") else [layer]
        for part in parts:
            prefix = f"{layer.name}/{part.name}" if part is not layer else layer.name
            arrays += [(f"{prefix}/{v.name}", np.asarray(v.numpy())) for v in part.weights]
    return arrays


def _part_order(part) -> tuple[str, int]:
    """"branch2a_conv" → ("branch2a", 0), "bn1" → ("1", 1), "shortcut_bn" → ("shortcut", 1)."""
    name = part.name
    for rank, kind in enumerate(("conv", "bn")):
        if name.endswith("_" + kind):
            return name[:-len(kind) - 1], rank
        if name.startswith(kind):
            return name[len(kind):], rank
    return name, 2


def _flattened_inputs(spec) -> dict[str, tuple]:
    """Dense layers that read a flattened (h, w, c) map, by layer name → that map's shape."""
    shapes = [tuple(spec.input_shape)] + [tuple(shape) for shape in spec.output_shapes()]
    found, source = {}, None
    for index, (name, layer) in enumerate(zip(spec.layer_names(), spec.layers)):
        if layer["type"] == "flatten" and len(shapes[index]) == 3:
            source = shapes[index]
        elif layer["type"] == "dense" and source is not None:
            found[name], source = source, None
        elif layer["type"] not in ("dropout", "act"):
            source = None
    return found


def _to_torch_layout(keras_name: str, array: np.ndarray, flattened_from: tuple | None) -> np.ndarray:
    if array.ndim == 4 and keras_name.endswith("depthwise_kernel"):
        return array.transpose(2, 3, 0, 1)
    if array.ndim == 4:
        return array.transpose(3, 2, 0, 1)
    if array.ndim == 2 and flattened_from is not None:
        height, width, channels = flattened_from
        array = array.reshape(height, width, channels, -1).transpose(2, 0, 1, 3).reshape(-1, array.shape[1])
    if array.ndim == 2:
        return array.T
    return array
