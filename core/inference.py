"""A loaded classifier on the chosen device and backend: batched, warmed up, timed.

Inputs are what `core.preprocess.to_mnist` gives: (N, 28, 28) float32 in 0..1, white digit on black.
Loading imports the model's framework, so callers with a window do it off the GUI thread.

Backends: "native" runs the bundle's own framework (PyTorch or Keras); "onnx" runs the bundle exported
to ONNX (core.export, cached by the weights' hash) in ONNX Runtime; "auto" builds both, checks that
they give the same probabilities, times both on a warm-up and keeps the faster. The default backend
is "auto", or the INKLING_BACKEND environment variable.

"int8" runs the ONNX model quantized to 8 bits: about twice as fast on a CPU, its probabilities a few
hundredths off. Live pages (video, a webcam, `detect`) are read with it where it reads the shipped
sample's digits as the float model does (Classifier.for_live_frames); single digits, evaluation and
the views inside the network keep the exact model.
"""
from __future__ import annotations

import os
import statistics
import threading
import time
from contextlib import contextmanager

import numpy as np

from core.config import BACKENDS
from core.engines.base import ModelError
from core.fileio import UserError, first_line
from core.paths import MNIST_SAMPLE
from core.registry import BundleInfo, RegistryError, find_bundle, load_engine

DIGIT_SHAPE = (28, 28, 1)
BACKEND_VARIABLE = "INKLING_BACKEND"
BACKEND_TITLES = {"torch": "PyTorch", "keras": "Keras", "onnx": "ONNX Runtime", "int8": "ONNX Runtime int8"}
AGREEMENT = 1e-4        # the largest probability difference between backends that counts as the same
# An 8-bit copy reads as its float model when, on the shipped sample's 1,000 test digits, it gives the
# same digit for this share of them (the default reader: all of them) and no probability further off
# than this (the default reader: 0.04).
INT8_SAME_DIGITS = 0.998
INT8_AGREEMENT = 0.1


class Classifier:
    def __init__(self, info: BundleInfo, engine, native_engine=None):
        """`engine` classifies; `native_engine` (default: engine) is the framework model inside views
        such as core.insight look into when `engine` is an inference-only backend."""
        self.info = info
        self._engine = engine
        self._native_engine = native_engine if native_engine is not None else engine
        self.device_name: str = engine.device_name
        self.backend_name: str = BACKEND_TITLES.get(engine.name, engine.name)
        self.backend_note: str = ""      # why this backend (e.g. the timings of an automatic choice)
        self.last_ms: float = 0.0
        # Frameworks are not guaranteed re-entrant across threads; one call at a time.
        self._lock = threading.Lock()
        self._live: Classifier | None = None

    def predict(self, images: np.ndarray) -> np.ndarray:
        """(N, 28, 28) float32 0..1 → (N, 10) probabilities. N may be 0."""
        images = np.asarray(images, dtype=np.float32)
        if images.ndim == 2:
            images = images[None]
        if len(images) == 0:
            return np.zeros((0, self.info.spec.get("num_classes", 10)), np.float32)
        batch = images.reshape(len(images), *DIGIT_SHAPE)
        start = time.perf_counter()
        with self._lock:
            probabilities = self._engine.predict(batch)
        self.last_ms = (time.perf_counter() - start) * 1000.0
        return np.asarray(probabilities, dtype=np.float32)

    def predict_one(self, image: np.ndarray) -> np.ndarray:
        return self.predict(image[None])[0]

    @contextmanager
    def engine_in_use(self):
        """The engine itself, for one caller at a time (core.insight looks inside it)."""
        with self._lock:
            yield self._native_engine

    def for_live_frames(self) -> Classifier:
        """The classifier live pages are read with: this one's 8-bit copy where it reads as this one
        does and is faster (the page pipeline's reader takes about half the time), else this one.
        Decided once, in about a second the first time ever for a model (it is quantized, checked and timed),
        so call it off the GUI thread."""
        if self._live is None:
            int8 = None if self._engine.name == "int8" else _int8_classifier(self, required=False)
            self._live = self
            if int8 is not None:
                own_ms, int8_ms = _typical_ms(self, int8)
                if int8_ms < own_ms:
                    int8.backend_note = _timings_note("live pages", int8, int8_ms, self, own_ms)
                    self._live = int8
        return self._live

    def warm_up(self) -> None:
        self.predict(np.zeros((1, 28, 28), np.float32))
        self.predict(np.zeros((8, 28, 28), np.float32))


def default_backend() -> str:
    chosen = os.environ.get(BACKEND_VARIABLE, "auto").strip().lower() or "auto"
    if chosen not in BACKENDS:
        raise UserError(f"{BACKEND_VARIABLE}={chosen} is not a backend (use {', '.join(BACKENDS)}).")
    return chosen


def load_classifier(name_or_path: str | None = None, device: str = "auto",
                    backend: str | None = None) -> Classifier:
    """The named bundle (None: the shipped default), ready to classify 28×28 digits, on `backend`
    (auto, native, onnx or int8; None: default_backend())."""
    backend = backend or default_backend()
    if backend not in BACKENDS:
        raise UserError(f"Unknown backend {backend!r} (use {', '.join(BACKENDS)}).")
    native = _native_classifier(name_or_path, device)
    if backend == "native":
        return native
    if backend == "int8":
        return _int8_classifier(native, required=True)
    fast = _onnx_classifier(native, device, required=backend == "onnx")
    if fast is None:
        return native
    return fast if backend == "onnx" else _faster(native, fast)


def _native_classifier(name_or_path: str | None, device: str) -> Classifier:
    info = find_bundle(name_or_path)
    if tuple(info.input_shape) != DIGIT_SHAPE:
        raise RegistryError(f"{info.name} expects {tuple(info.input_shape)} pictures, not 28×28 grey digits; "
                            "it cannot read digits.")
    try:
        engine = load_engine(info, device)
    except (OSError, ValueError, RuntimeError) as error:
        raise ModelError(f"The model {info.name} could not be loaded ({first_line(error)}).") from None
    classifier = Classifier(info, engine)
    classifier.warm_up()
    return classifier


def _onnx_classifier(native: Classifier, device: str, required: bool) -> Classifier | None:
    """The bundle in ONNX Runtime, checked against the native engine; None (or, when required, an
    error) where it cannot be built or disagrees."""
    try:
        from core.engines.onnx_backend import OnnxBackend
        from core.export import cached_onnx

        backend = OnnxBackend(cached_onnx(native.info, native._engine), native._engine.spec, device)
    except (ImportError, UserError, RuntimeError, ValueError) as error:
        if required:
            raise ModelError(f"{native.info.name} cannot run in ONNX Runtime ({first_line(error)}).") from None
        native.backend_note = f"ONNX Runtime unavailable: {first_line(error)}"
        return None
    onnx = Classifier(native.info, backend, native_engine=native._engine)
    onnx._lock = native._lock      # one lock: both run the same model for the same callers
    onnx.warm_up()
    probe = np.random.default_rng(0).random((8, 28, 28), dtype=np.float32)
    difference = float(np.abs(native.predict(probe) - onnx.predict(probe)).max())
    if difference > AGREEMENT:
        message = f"its ONNX export differs from {native.backend_name} by {difference:.2g}"
        if required:
            raise ModelError(f"{native.info.name} cannot run in ONNX Runtime ({message}).")
        native.backend_note = f"ONNX Runtime not used: {message}"
        return None
    return onnx


def _int8_classifier(reference: Classifier, required: bool) -> Classifier | None:
    """The reference's bundle quantized to 8 bits (core.export), in ONNX Runtime on the CPU, checked
    against the reference on the shipped sample's test digits; None (or, when required, an error) where
    it cannot be built, the reference runs on a GPU, or it reads differently."""
    if reference.device_name != "CPU":
        problem = "8-bit models run on the CPU here; use --device cpu"
    else:
        try:
            from core.engines.onnx_backend import OnnxBackend
            from core.export import cached_int8_onnx

            engine = reference._native_engine
            backend = OnnxBackend(cached_int8_onnx(reference.info, engine), engine.spec, "cpu", name="int8")
            int8 = Classifier(reference.info, backend, native_engine=engine)
        except Exception as error:       # quantizing is an optimisation: whatever fails, the float model stays
            problem = first_line(error)
        else:
            int8._lock = reference._lock        # both reach the same native engine (views inside the network)
            int8.warm_up()
            problem = _int8_difference(reference, int8)
            if not problem:
                return int8
    if required:
        raise ModelError(f"{reference.info.name} cannot run with 8 bits ({problem}).")
    return None


def _int8_difference(reference: Classifier, int8: Classifier) -> str:
    """How the 8-bit copy reads the shipped sample's test digits unlike the reference ("" if it does not)."""
    with np.load(MNIST_SAMPLE) as sample:
        digits = sample["x_test"].astype(np.float32) / 255.0
    expected, got = reference.predict(digits), int8.predict(digits)
    same = float(np.mean(expected.argmax(axis=1) == got.argmax(axis=1)))
    largest = float(np.abs(expected - got).max())
    if same >= INT8_SAME_DIGITS and largest <= INT8_AGREEMENT:
        return ""
    return f"its 8-bit copy reads {same:.1%} of the sample's digits alike, probabilities up to {largest:.2f} apart"


def _faster(native: Classifier, onnx: Classifier) -> Classifier:
    """Whichever classifies one picture and a small batch faster."""
    native_ms, onnx_ms = _typical_ms(native, onnx)
    chosen = onnx if onnx_ms < native_ms else native
    chosen.backend_note = _timings_note("chosen automatically", onnx, onnx_ms, native, native_ms)
    return chosen


def _typical_ms(*classifiers: Classifier) -> list[float]:
    """Each classifier's median time for one picture and a batch of 16 (calls interleaved, 5 each)."""
    single, batch = np.zeros((1, 28, 28), np.float32), np.zeros((16, 28, 28), np.float32)
    times: list[list[float]] = [[] for _ in classifiers]
    for _ in range(5):
        for classifier, spent in zip(classifiers, times):
            start = time.perf_counter()
            classifier.predict(single)
            classifier.predict(batch)
            spent.append((time.perf_counter() - start) * 1000.0)
    return [statistics.median(spent) for spent in times]


def _timings_note(why: str, first: Classifier, first_ms: float, second: Classifier, second_ms: float) -> str:
    return (f"{why}: {first.backend_name} {first_ms:.2f} ms, {second.backend_name} {second_ms:.2f} ms "
            "(one picture + a batch of 16)")
