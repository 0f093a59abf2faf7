"""Exports: ONNX (runs in onnxruntime, any batch size, same probabilities, describes itself), .pt,
.keras and weights.txt, each with its sidecar; wrong names and formats refused in one sentence."""
import json

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from core.engines.factory import create_engine
from core.export import (ONNX_OPSET, ExportError, class_names, export_model, native_format, sidecar_path)
from core.registry import find_bundle, import_bundle, save_bundle
from core.zoo import get_spec


def _digits(count: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((count, 28, 28, 1), dtype=np.float32)


def _onnx_probabilities(path, images: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"image": images})[0]


def test_onnx_of_the_default_model_runs_any_batch_size_with_the_same_probabilities(tmp_path):
    from core.registry import load_engine

    bundle = find_bundle(None)
    path = export_model(None, "onnx", tmp_path / "digits.onnx")
    engine = load_engine(bundle, "cpu")
    for count in (1, 7):
        digits = _digits(count, seed=count)
        np.testing.assert_allclose(_onnx_probabilities(path, digits), engine.predict(digits), atol=1e-4)


def test_onnx_records_layout_classes_and_preprocessing_inside_and_beside(tmp_path):
    path = export_model(None, "onnx", tmp_path / "digits.onnx")
    model = onnx.load(str(path))
    assert model.opset_import[0].version == ONNX_OPSET
    batch_axis = model.graph.input[0].type.tensor_type.shape.dim[0]
    assert batch_axis.dim_param == "batch" and not batch_axis.HasField("dim_value")
    metadata = {entry.key: entry.value for entry in model.metadata_props}
    assert metadata["input_layout"] == "NHWC"
    assert json.loads(metadata["class_names"]) == [str(digit) for digit in range(10)]
    assert json.loads(metadata["preprocessing"])["name"] == "mnist-v1"
    card = json.loads(sidecar_path(path).read_text())
    assert card["input"] == {"name": "image", "layout": "NHWC", "shape": [None, 28, 28, 1], "dtype": "float32",
                             "range": [0.0, 1.0]}
    assert card["class_names"] == json.loads(metadata["class_names"]) and card["opset"] == ONNX_OPSET
    assert sidecar_path(path).name == "digits.onnx.json"


def test_weights_txt_and_pt_of_a_torch_bundle(tmp_path, mlp_bundle):
    _, bundle = mlp_bundle
    imported = import_bundle(bundle.path)
    text = export_model(imported.name, "weights-txt", tmp_path / "weights.txt").read_text()
    assert text.splitlines()[:2] == ["dense1.0.weight", "(128, 784)"]
    assert "dense2.0.bias\n(10,)\n" in text
    native = export_model(imported.name, native_format(imported), tmp_path / "weights.pt")
    assert native.read_bytes() == imported.weights_path.read_bytes()
    card = json.loads(sidecar_path(native).read_text())
    assert card["input"]["layout"] == "NCHW" and card["spec"]["name"] == "mlp"
    assert json.loads(sidecar_path(tmp_path / "weights.txt").read_text())["format"] == "weights-txt"


def test_wrong_names_and_formats_are_refused_in_one_sentence(tmp_path, mlp_bundle):
    _, bundle = mlp_bundle
    with pytest.raises(ExportError, match="ending in .onnx"):
        export_model(bundle.name, "onnx", tmp_path / "model.pt")
    with pytest.raises(ExportError, match="PyTorch model"):
        export_model(bundle.name, "keras", tmp_path / "model.keras")
    with pytest.raises(ExportError, match="Unknown export format"):
        export_model(bundle.name, "tflite", tmp_path / "model.tflite")
    with pytest.raises(ExportError, match="is a folder"):
        export_model(bundle.name, "onnx", tmp_path)
    assert not any(path.is_file() for path in tmp_path.iterdir())     # nothing half-written


def test_class_names_follow_the_dataset(mlp_bundle):
    spec = get_spec("mlp")
    fashion = save_bundle(create_engine("torch", spec, "cpu"), name="fashion", spec=spec, dataset="fashion-mnist",
                          metrics={})
    assert class_names(fashion)[:2] == ["T-shirt/top", "Trouser"]
    assert class_names(mlp_bundle[1]) == [str(digit) for digit in range(10)]


@pytest.mark.slow
def test_a_keras_bundle_exports_a_whole_keras_model(tmp_path):
    import keras

    spec = get_spec("mlp")
    engine = create_engine("keras", spec, "cpu")
    bundle = save_bundle(engine, name="keras mlp", spec=spec, dataset="sample", metrics={})
    with pytest.raises(ExportError, match=".keras"):
        export_model(bundle.name, "keras", tmp_path / "model.h5")
    exported = export_model(bundle.name, "keras", tmp_path / "model.keras")
    reloaded = keras.saving.load_model(exported, safe_mode=True)
    digits = np.random.default_rng(1).random((3, 28, 28, 1), dtype=np.float32)
    np.testing.assert_allclose(keras.ops.softmax(reloaded(digits)).numpy(), engine.predict(digits), atol=1e-5)


@pytest.mark.slow
@pytest.mark.parametrize("architecture", ["lenet5", "inception10", "resnet18"])
def test_a_keras_bundle_exports_to_onnx_and_pt_with_the_same_probabilities(tmp_path, architecture):
    import torch

    from core.engines.factory import create_engine as build

    spec = get_spec(architecture)
    engine = create_engine("keras", spec, "cpu")
    # BN statistics away from their start values, so a mismatched copy would show
    engine.model.set_weights([w + np.random.default_rng(2).normal(0, 0.05, w.shape).astype(w.dtype)
                              if w.ndim == 1 else w for w in engine.model.get_weights()])
    bundle = save_bundle(engine, name=f"keras {architecture}", spec=spec, dataset="sample", metrics={})
    digits = _digits(5, seed=3)
    onnx_path = export_model(bundle.name, "onnx", tmp_path / "model.onnx")
    np.testing.assert_allclose(_onnx_probabilities(onnx_path, digits), engine.predict(digits), atol=1e-4)
    pt_path = export_model(bundle.name, "pt", tmp_path / "model.pt")
    twin = build("torch", spec, "cpu")
    twin.model.load_state_dict(torch.load(pt_path, weights_only=True))
    np.testing.assert_allclose(twin.predict(digits), engine.predict(digits), atol=1e-4)
