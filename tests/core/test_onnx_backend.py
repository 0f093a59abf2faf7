"""ONNX Runtime as a backend: the same probabilities as the native engine (1e-4), chosen when asked or
when faster, cached by the weights' hash, named for the status bar; bad choices refused plainly. Its
8-bit copy: reads as the float model does, or is not used for live pages."""
import numpy as np
import pytest

from core import paths
from core.engines.factory import create_engine
from core.fileio import UserError
from core.inference import load_classifier
from core.registry import save_bundle
from core.zoo import get_spec


def _digits(count: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((count, 28, 28), dtype=np.float32)


def test_onnx_gives_the_native_probabilities_of_the_default_model():
    from tests.digit_pictures import sample_test_digits

    native = load_classifier(None, "cpu", "native")
    onnx = load_classifier(None, "cpu", "onnx")
    assert (native.backend_name, onnx.backend_name) == ("PyTorch", "ONNX Runtime")
    digits, _ = sample_test_digits()
    for batch in (_digits(1), _digits(13, seed=1), digits[:40].astype(np.float32) / 255.0):
        np.testing.assert_allclose(onnx.predict(batch), native.predict(batch), atol=1e-4)
    assert onnx.predict(np.zeros((0, 28, 28), np.float32)).shape == (0, 10)


def test_the_export_is_cached_by_the_weights_hash_and_reused():
    load_classifier(None, "cpu", "onnx")
    cached = list((paths.user_cache_dir() / "onnx").glob("*.onnx"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    load_classifier(None, "cpu", "onnx")
    assert [p.stat().st_mtime_ns for p in (paths.user_cache_dir() / "onnx").glob("*.onnx")] == [stamp]


def test_auto_keeps_the_faster_and_says_why():
    classifier = load_classifier(None, "cpu", "auto")
    assert classifier.backend_name in ("ONNX Runtime", "PyTorch")
    assert classifier.backend_note.startswith("chosen automatically: ONNX Runtime")
    with classifier.engine_in_use() as engine:
        assert engine.name == "torch"      # views that look inside the network still get the framework model


def test_a_wrong_backend_is_refused_in_one_sentence(monkeypatch):
    with pytest.raises(UserError, match="Unknown backend"):
        load_classifier(None, "cpu", "tensorrt")
    monkeypatch.setenv("INKLING_BACKEND", "fastest")
    with pytest.raises(UserError, match="INKLING_BACKEND=fastest"):
        load_classifier(None, "cpu")
    monkeypatch.setenv("INKLING_BACKEND", "native")
    assert load_classifier(None, "cpu").backend_name == "PyTorch"


def test_the_8_bit_copy_reads_digits_as_the_float_model_does():
    exact, int8 = load_classifier(None, "cpu", "onnx"), load_classifier(None, "cpu", "int8")
    assert int8.backend_name == "ONNX Runtime int8"
    with np.load(paths.MNIST_SAMPLE) as sample:
        digits = sample["x_train"][1000:2000].astype(np.float32) / 255.0   # not the calibration digits
    expected, got = exact.predict(digits), int8.predict(digits)
    assert np.mean(expected.argmax(axis=1) == got.argmax(axis=1)) >= 0.998
    assert 1e-4 < np.abs(expected - got).max() <= 0.1                       # another model, but close
    np.testing.assert_allclose(got.sum(axis=1), 1.0, atol=1e-5)
    assert len(np.unique(got)) > 5000          # the softmax in floats: probabilities not in steps of 1/256
    quantized = list((paths.user_cache_dir() / "onnx").glob("*-int8-*.onnx"))
    assert len(quantized) == 1
    stamp = quantized[0].stat().st_mtime_ns
    load_classifier(None, "cpu", "int8")
    assert quantized[0].stat().st_mtime_ns == stamp                        # made once, then reused


def test_live_frames_use_the_8_bit_copy_only_where_it_reads_alike():
    import torch

    classifier = load_classifier(None, "cpu")
    live = classifier.for_live_frames()
    assert live is classifier.for_live_frames()                            # decided once
    assert live is classifier or (live.backend_name == "ONNX Runtime int8"
                                  and live.backend_note.startswith("live pages: ONNX Runtime int8"))
    # An untrained network's ten outputs are nearly tied: 8 bits flip many of its answers.
    torch.manual_seed(0)
    spec = get_spec("mlp")
    save_bundle(create_engine("torch", spec, "cpu"), name="untrained", spec=spec, dataset="sample", metrics={})
    untrained = load_classifier("untrained", "cpu")
    assert untrained.for_live_frames() is untrained
    with pytest.raises(UserError, match="cannot run with 8 bits .its 8-bit copy reads"):
        load_classifier("untrained", "cpu", "int8")


@pytest.mark.slow
def test_a_keras_bundle_runs_in_onnx_runtime_with_the_keras_probabilities():
    spec = get_spec("lenet5")
    engine = create_engine("keras", spec, "cpu")
    save_bundle(engine, name="keras lenet", spec=spec, dataset="sample", metrics={})
    native = load_classifier("keras-lenet", "cpu", "native")
    onnx = load_classifier("keras-lenet", "cpu", "onnx")
    assert (native.backend_name, onnx.backend_name) == ("Keras", "ONNX Runtime")
    digits = _digits(9, seed=4)
    np.testing.assert_allclose(onnx.predict(digits), native.predict(digits), atol=1e-4)
