"""The engines: one zoo architecture built natively by PyTorch or by Keras, behind one protocol.

- `base`          the Engine protocol, ModelError, and the one shared fit loop (events, checkpoints, stop)
- `factory`       `create_engine(name, spec, device)`: the only place that picks a framework
- `torch_engine`  PyTorch (channels-last, DDP under torchrun)
- `keras_engine`  Keras 3 on TensorFlow (GradientTape, MirroredStrategy on several GPUs)
- `onnx_backend`  inference only: an exported model run by ONNX Runtime where it is faster

Frameworks are imported inside the engine modules only, so importing this package loads neither.
"""
