"""An inference-only backend: an exported ONNX model (core.export) run by ONNX Runtime.

It answers `predict` like the framework engines (NHWC float32 in, probabilities out) and nothing
else: no training, no weights. Only imported when such a backend is built (it imports onnxruntime).

Threads, measured on the 2-core CPU with the default `inkling` network: one picture took 0.36 ms with
1 or 2 intra-op threads (torch: 1.1 ms), a batch of 9 took 3.3 ms with 2 threads and 18-19 ms with 1; so
intra-op threads = the cores, one inter-op thread and sequential execution (a small CNN is a chain of
operators with nothing to run side by side). Waiting threads spin while a call runs (a sleeping one is
woken for every operator: a batch of 9 took 1.07 ms sleeping, 0.91 spinning; the page pipeline went from
184 to 192 frames/s) and stop spinning when it returns (spinning on after it cost the other threads of a
busy machine, the GUI and the video reader: the pipeline fell to 109 frames/s).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import onnxruntime as ort

from core.data.batches import iterate_inputs
from core.engines.base import ModelError, check_device, check_inputs

BACKEND_TITLE = "ONNX Runtime"
_CUDA = "CUDAExecutionProvider"
_CPU = "CPUExecutionProvider"


def session_options(threads: int | None = None) -> ort.SessionOptions:
    """Settings for small CNNs on a few cores (see the module docstring for the measurements)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "1")
    options.add_session_config_entry("session.force_spinning_stop", "1")
    options.log_severity_level = 3
    return options


class OnnxBackend:
    """`model`: an ONNX file or its bytes, taking (N, H, W, C) float32 and giving (N, classes) probabilities.
    `name`: what core.inference calls it ("onnx", or "int8" for a quantized model)."""

    def __init__(self, model: str | Path | bytes, spec, device: str = "auto", threads: int | None = None,
                 name: str = "onnx"):
        check_device(device)
        self.name = name
        self.spec = spec
        providers = _providers(device)
        source = model if isinstance(model, bytes) else str(model)
        try:
            self._session = ort.InferenceSession(source, session_options(threads), providers=providers)
        except (ort.capi.onnxruntime_pybind11_state.Fail, RuntimeError, ValueError) as error:
            raise ModelError(f"ONNX Runtime could not load the exported {spec.name} model ({error}).") from None
        self._input = self._session.get_inputs()[0].name
        on_cuda = self._session.get_providers()[0] == _CUDA
        self.device_name = "CUDA" if on_cuda else "CPU"

    def predict(self, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
        x = check_inputs(x, self.spec.input_shape, self.spec.name)
        outputs = [self._session.run(None, {self._input: np.ascontiguousarray(batch)})[0]
                   for batch in iterate_inputs(x, batch_size)]
        if not outputs:
            return np.zeros((0, self.spec.num_classes), np.float32)
        return np.concatenate(outputs).astype(np.float32, copy=False)


def _providers(device: str) -> list[str]:
    available = ort.get_available_providers()
    if device == "cuda" and _CUDA not in available:
        raise ModelError("ONNX Runtime here has no CUDA support (install onnxruntime-gpu); use --device cpu.")
    if device in ("auto", "cuda") and _CUDA in available:
        return [_CUDA, _CPU]
    return [_CPU]
