"""Which engines there are and how to build one: the one place that names the framework modules.

Framework-free until an engine is built: `create_engine` imports torch or TensorFlow only for the
engine asked for. The engines themselves know nothing of this module (it sits above them).
"""
from __future__ import annotations

from core.engines.base import Engine, check_device

# The file a bundle keeps an engine's weights in (core.registry reads and writes them).
WEIGHTS_FILENAMES = {"torch": "weights.pt", "keras": "weights.weights.h5"}


def create_engine(engine: str, spec, device: str = "auto", seed: int | None = None) -> Engine:
    """Build `spec` (a core.zoo.ModelSpec) in the named framework on the device; with `seed`, its
    initial weights are drawn from it (the same seed, the same network)."""
    check_device(device)
    if engine == "torch":
        from core.engines.torch_engine import TorchEngine
        if seed is not None:
            import torch        # only after torch_engine: it sets OpenMP's wait policy before torch loads
            torch.manual_seed(seed)
        return TorchEngine(spec, device)
    if engine == "keras":
        from core.engines.keras_engine import KerasEngine
        if seed is not None:
            import keras
            keras.utils.set_random_seed(seed)
        return KerasEngine(spec, device)
    raise ValueError(f"unknown engine {engine!r} (use torch or keras)")
