"""The TensorFlow/Keras engine: a zoo spec built as a Keras 3 functional model.

Only imported when a Keras engine is created (it imports TensorFlow and Keras at module level).
Training runs model.fit one epoch at a time over a PyDataset of the shared batches
(core/data/batches.py), so a stop, a resume in the middle of an epoch and the validation pass
happen exactly where the torch engine has them.
"""
from __future__ import annotations

import ctypes
import json
import os
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import numpy as np

from core import zoo
from core.data.batches import EpochBatches, iterate_inputs
from core.config import FitConfig
from core.engines.base import (FitRun, FitState, LayerSummary, ModelError, check_device, check_inputs, epoch_rng,
                               run_fit, training_batches)
from core.events import EventCallback
from core.fileio import atomic_path, first_line

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@contextmanager
def _quiet_native_stderr():
    """TensorFlow's C++ start-up chatter (the oneDNN notice, CUDA probes failing on machines without
    a GPU) goes straight to file descriptor 2 before its logging is set up: keep it off the terminal."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _enable_gpu_memory_growth() -> None:
    """Take GPU memory as needed instead of all of it (must happen before the GPU is first used)."""
    for gpu in tf.config.list_physical_devices("GPU"):
        try:
            tf.config.experimental.set_memory_growth(gpu, True)
        except RuntimeError:   # the GPU is already initialised: growth was decided then
            pass


with _quiet_native_stderr():
    import tensorflow as tf

    import keras
    from keras import layers
    from keras.src.saving import saving_lib   # save_weights_only can leave the optimizer out

    _enable_gpu_memory_growth()


# ---- building a spec --------------------------------------------------------------------------

def _bn(name: str | None = None) -> layers.Layer:
    return layers.BatchNormalization(momentum=zoo.BN_MOMENTUM, epsilon=zoo.BN_EPSILON, name=name)


def _conv_bn_relu(x, filters: int, kernel: int, stride: int, name: str, bias: bool = True):
    x = layers.Conv2D(filters, kernel, stride, padding="same", use_bias=bias, name=f"{name}_conv")(x)
    return layers.Activation("relu", name=f"{name}_relu")(_bn(f"{name}_bn")(x))


def _inception_block(layer: dict, shape: tuple, name: str) -> keras.Model:
    """The course's InceptionBlk as a nested model (one entry in the summary, like the torch module)."""
    f, s = layer["filters"], layer["stride"]
    inputs = keras.Input(shape)
    branch1 = _conv_bn_relu(inputs, f, 1, s, "branch1")
    branch2 = _conv_bn_relu(_conv_bn_relu(inputs, f, 1, s, "branch2a"), f, 3, 1, "branch2b")
    branch3 = _conv_bn_relu(_conv_bn_relu(inputs, f, 1, s, "branch3a"), f, 5, 1, "branch3b")
    pooled = layers.MaxPooling2D(3, 1, padding="same", name="branch4_pool")(inputs)
    branch4 = _conv_bn_relu(pooled, f, 1, s, "branch4")
    outputs = layers.Concatenate(axis=-1, name="concat")([branch1, branch2, branch3, branch4])
    return keras.Model(inputs, outputs, name=name)


def _residual_block(layer: dict, shape: tuple, name: str) -> keras.Model:
    """The course's ResnetBlock: relu(BN(conv(relu(BN(conv(x))))) + shortcut(x)), convs without bias."""
    f, s = layer["filters"], layer["stride"]
    inputs = keras.Input(shape)
    y = layers.Conv2D(f, 3, s, padding="same", use_bias=False, name="conv1")(inputs)
    y = layers.Activation("relu", name="relu1")(_bn("bn1")(y))
    y = _bn("bn2")(layers.Conv2D(f, 3, 1, padding="same", use_bias=False, name="conv2")(y))
    shortcut = inputs
    if layer["downsample"]:
        shortcut = layers.Conv2D(f, 1, s, padding="same", use_bias=False, name="shortcut_conv")(inputs)
        shortcut = _bn("shortcut_bn")(shortcut)
    outputs = layers.Activation("relu", name="relu2")(layers.Add(name="add")([y, shortcut]))
    return keras.Model(inputs, outputs, name=name)


# Keras 3's GRU defaults to reset_after=True (two bias vectors), the arithmetic torch's GRU uses.
_RECURRENT = {"simple_rnn": layers.SimpleRNN, "lstm": layers.LSTM, "gru": layers.GRU}


def _build_layer(layer: dict, shape: tuple, name: str) -> layers.Layer:
    kind = layer["type"]
    if kind == "conv":
        return layers.Conv2D(layer["filters"], layer["kernel"], layer["stride"], padding=layer["padding"],
                             activation=layer.get("activation"), use_bias=layer.get("bias", True), name=name)
    if kind == "sepconv":
        return layers.SeparableConv2D(layer["filters"], layer["kernel"], layer["stride"],
                                      padding=layer["padding"], activation=layer.get("activation"),
                                      use_bias=layer.get("bias", True), name=name)
    if kind == "bn":
        return _bn(name)
    if kind == "act":
        return layers.Activation(layer["fn"], name=name)
    if kind == "pool":
        pool = layers.MaxPooling2D if layer["mode"] == "max" else layers.AveragePooling2D
        return pool(layer["size"], layer["stride"], padding=layer["padding"], name=name)
    if kind == "dropout":
        return layers.Dropout(layer["rate"], name=name)
    if kind == "flatten":
        return layers.Flatten(name=name)
    if kind == "dense":
        return layers.Dense(layer["units"], activation=layer.get("activation"), name=name)
    if kind == "gap":
        return layers.GlobalAveragePooling2D(name=name)
    if kind == "inception":
        return _inception_block(layer, shape, name)
    if kind == "residual":
        return _residual_block(layer, shape, name)
    if kind in zoo.RECURRENT:
        return _RECURRENT[kind](layer["units"], return_sequences=layer["return_sequences"], name=name)
    if kind == "embedding":
        return layers.Embedding(layer["vocabulary"], layer["dims"], name=name)
    raise zoo.SpecError(f"Unknown layer type {kind!r}.")


def build_model(spec: zoo.ModelSpec) -> keras.Model:
    """The spec as a functional model whose top-level layers are named like the spec's (conv1, bn1, …)."""
    shapes = [tuple(spec.input_shape)] + spec.output_shapes()
    inputs = keras.Input(tuple(spec.input_shape), name="sequence" if spec.is_sequence else "image")
    x = inputs
    for index, (name, layer) in enumerate(zip(spec.layer_names(), spec.layers)):
        x = _build_layer(layer, shapes[index], name)(x)
    return keras.Model(inputs, x, name=spec.name)


def _kernel_variables(model: keras.Model) -> list:
    """Conv, separable and dense kernels: the variables that get the L2 penalty."""
    return [v for v in model.trainable_weights if v.path.rsplit("/", 1)[-1].endswith("kernel")]


def _make_optimizer(config: FitConfig) -> keras.optimizers.Optimizer:
    lr = config.learning_rate
    makers: dict[str, Callable[[], keras.optimizers.Optimizer]] = {
        "sgd": lambda: keras.optimizers.SGD(lr),
        "momentum": lambda: keras.optimizers.SGD(lr, momentum=config.momentum),
        "adagrad": lambda: keras.optimizers.Adagrad(lr),
        "rmsprop": lambda: keras.optimizers.RMSprop(lr),
        "adam": lambda: keras.optimizers.Adam(lr),
        "adadelta": lambda: keras.optimizers.Adadelta(lr),
    }
    if config.optimizer not in makers:
        raise ValueError(f"unknown optimizer {config.optimizer!r} (use {', '.join(makers)})")
    return makers[config.optimizer]()


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3      # mallopt's parameters (glibc's malloc.h)
_MMAP_THRESHOLD = 32 * 2**20                        # where glibc's own adaptive threshold tops out (64-bit)


def _undo_tensorflows_malloc_pin() -> None:
    """TensorFlow pins glibc's mmap threshold at 128 KiB, for the rest of the process, whenever it builds
    a generator dataset (model.fit over a PyDataset; its fix for a Python 3.11 leak, tensorflow#65675).
    From then on every NumPy array over 128 KiB (a video frame, its grey and float copies) is a fresh
    mmap, faulted in page by page and unmapped again: the page pipeline ran at 98 frames/s instead of
    154 in a process that had trained a Keras model. Between fits, the threshold goes back to where
    glibc's adaptive rule would take it, and the heap is trimmed at twice that, as that rule does."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        libc.mallopt(_M_TRIM_THRESHOLD, 2 * _MMAP_THRESHOLD)
    except (OSError, AttributeError):      # not glibc (musl): nothing was pinned
        pass


class _Batches(keras.utils.PyDataset):
    """An epoch's shared batches from `start` on, for model.fit."""

    def __init__(self, batches: EpochBatches, start: int):
        super().__init__(workers=1, use_multiprocessing=False)
        self.batches = batches
        self.start = start

    def __len__(self) -> int:
        return len(self.batches) - self.start

    def __getitem__(self, index: int):
        return self.batches[self.start + index]


class _EpochCallback(keras.callbacks.Callback):
    """Learning rate per batch, throttled batch events and stop requests, during one fit call."""

    def __init__(self, run: FitRun, epoch: int, should_stop: Callable[[], bool], constant_lr: bool):
        super().__init__()
        self.run, self.epoch, self.should_stop = run, epoch, should_stop
        self.constant_lr = constant_lr
        self.batches_done = run.start_batch
        self.stop_requested = False

    def on_train_batch_begin(self, batch, logs=None):
        if not self.constant_lr:
            self.model.optimizer.learning_rate = self.run.learning_rate(self.epoch, self.run.start_batch + batch)

    def on_train_batch_end(self, batch, logs=None):
        index = self.run.start_batch + batch
        self.batches_done = index + 1
        if self.run.batch_due(index):
            loss_sum, correct = _session_sums(self.run, index, logs)
            self.run.report_batch(self.epoch, index, loss_sum, correct)
        # Polled before every batch but an epoch's first (that poll is the caller's), as torch does.
        if index + 1 < self.run.batches and self.should_stop():
            self.stop_requested = True
            self.model.stop_training = True


def _session_sums(run: FitRun, last_index: int, logs: dict) -> tuple[float, float]:
    """Keras logs running means over this fit call; the shared bookkeeping wants sums."""
    images = run.images_through(last_index) - run.start_batch * run.config.batch_size
    metric_sum = float(logs[run.metric]) * images
    return float(logs["loss"]) * images, metric_sum if run.metric == "mae" else int(round(metric_sum))


def random_states(model: keras.Model) -> list:
    """The dropout layers' random-generator states (model variables that are not weights)."""
    weights = {id(v) for v in model.weights}
    return [v for v in model.variables if id(v) not in weights]


def seed_dropout(model: keras.Model, seed: int) -> None:
    """Seed a fresh fit: Keras' global generators, and each dropout layer's state from (seed, its index)
    (a lab's own loop calls it too, so that it draws the masks this engine's fit draws)."""
    keras.utils.set_random_seed(seed)
    for index, state in enumerate(random_states(model)):
        start = np.random.default_rng([seed, index]).integers(1, 2**31)
        state.assign(np.array([start, 0], dtype=state.dtype))


# ---- the engine --------------------------------------------------------------------------------

class KerasEngine:
    name = "keras"
    loss = "cross_entropy"   # FitConfig.loss of the last fit: "mse" makes predict give the outputs

    def __init__(self, spec: zoo.ModelSpec, device: str = "auto", mirrored: bool | None = None):
        """mirrored: train under tf.distribute.MirroredStrategy, one replica per GPU of this machine
        (None: when the chosen device is CUDA and there are several GPUs; on a CPU it is one replica)."""
        self.spec = spec
        self._device, self.device_name = _pick_device(device)
        self._strategy = _mirrored_strategy(self._device, mirrored)
        with self._placement():
            self.model = build_model(spec)
        self._infer = tf.function(lambda x: self.model(x, training=False), reduce_retracing=True,
                                  input_signature=[tf.TensorSpec([None, *spec.input_shape], tf.float32)])
        self._compiled_for: tuple | None = None

    def _placement(self):
        """Where variables are made: the strategy's scope (mirrored on every replica) or the one device."""
        return self._strategy.scope() if self._strategy is not None else tf.device(self._device)

    @property
    def replicas(self) -> int:
        return self._strategy.num_replicas_in_sync if self._strategy is not None else 1

    # -- description

    def parameter_count(self) -> int:
        return int(self.model.count_params())

    def summary(self) -> list[LayerSummary]:
        return [LayerSummary(name, layer["type"], tuple(shape), int(self.model.get_layer(name).count_params()))
                for name, layer, shape in zip(self.spec.layer_names(), self.spec.layers, self.spec.output_shapes())]

    def weight_arrays(self) -> list[tuple[str, np.ndarray]]:
        """Named like "residual3/conv1/kernel": variable paths alone repeat inside the nested blocks."""
        arrays = []
        for layer in self.model.layers:
            parts = layer.layers if isinstance(layer, keras.Model) else [layer]
            for part in parts:
                prefix = f"{layer.name}/{part.name}" if part is not layer else layer.name
                arrays += [(f"{prefix}/{v.name}", np.asarray(v.numpy())) for v in part.weights]
        return arrays

    # -- inference

    def _logits(self, x: np.ndarray, batch_size: int) -> np.ndarray:
        """(N, classes) float32 logits, computed batch by batch in inference mode."""
        x = check_inputs(x, self.spec.input_shape, self.spec.name)
        with tf.device(self._device):
            outputs = [self._infer(tf.constant(batch)).numpy() for batch in _input_batches(self.spec, x, batch_size)]
        if not outputs:
            return np.zeros((0, self.spec.num_classes), np.float32)
        return np.concatenate(outputs).astype(np.float32, copy=False)

    def predict(self, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
        logits = self._logits(x, batch_size)
        if self.loss == "mse":
            return logits
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def evaluate(self, x: np.ndarray, y: np.ndarray, batch_size: int = 256) -> tuple[float, float]:
        """(loss, accuracy); for a regression (mean squared error, mean absolute error)."""
        if len(x) == 0:
            return float("nan"), float("nan")
        if self.loss == "mse":
            target = np.asarray(y, dtype=np.float64)
            errors = self._logits(x, batch_size).astype(np.float64).reshape(target.shape) - target
            return float(np.mean(errors ** 2)), float(np.mean(np.abs(errors)))
        logits = self._logits(x, batch_size).astype(np.float64)
        labels = np.asarray(y, dtype=np.int64)
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -log_probabilities[np.arange(len(labels)), labels].mean()
        return float(loss), float(np.mean(np.argmax(logits, axis=1) == labels))

    # -- weights

    def save_weights(self, path: Path) -> None:
        with atomic_path(path) as tmp:
            named = tmp.with_name(tmp.name + ".weights.h5")   # Keras insists on the suffix
            try:
                # The model's weights only: a compiled model would also write its optimizer's state.
                optimizer = getattr(self.model, "optimizer", None)
                saving_lib.save_weights_only(self.model, str(named),
                                             objects_to_skip=[optimizer] if optimizer is not None else None)
                os.replace(named, tmp)
            finally:
                named.unlink(missing_ok=True)

    def load_weights(self, path: Path) -> None:
        path = Path(path)
        if not path.is_file():
            raise ModelError(f"There is no weights file at {path}.")
        if path.suffix == ".npz":   # a checkpoint: take its weights
            self._set_weights(_read_checkpoint(path)[0], path)
            return
        try:
            shapes = _h5_array_shapes(path)
        except OSError:
            raise ModelError(f"{path.name} is not a readable Keras weights file.") from None
        try:
            problem = _shape_mismatch(self.model, shapes)
            if problem is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")   # Keras warns about each part it skips; we refuse instead
                    self.model.load_weights(path)
        except (ValueError, OSError, KeyError, TypeError) as error:
            problem = first_line(error)
        if problem is not None:
            raise ModelError(f"These weights do not fit the {self.spec.name} architecture ({path.name}: "
                             f"{problem}).") from None

    def _set_weights(self, arrays: list[np.ndarray], path: Path) -> None:
        expected = [tuple(v.shape) for v in self.model.weights]
        found = [tuple(a.shape) for a in arrays]
        if expected != found:
            raise ModelError(f"These weights do not fit the {self.spec.name} architecture ({path.name}: "
                             f"{len(found)} arrays where {len(expected)} were expected, or shapes differ).")
        self.model.set_weights(arrays)

    # -- training

    def _compile(self, config: FitConfig) -> None:
        for variable in _kernel_variables(self.model):
            variable.regularizer = keras.regularizers.L2(config.l2) if config.l2 else None
        loss = (_smoothed_cross_entropy(config.label_smoothing) if config.label_smoothing
                else keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        metric = keras.metrics.SparseCategoricalAccuracy(name="accuracy")
        if config.loss == "mse":
            loss, metric = keras.losses.MeanSquaredError(), keras.metrics.MeanAbsoluteError(name="mae")
        self.model.compile(optimizer=_make_optimizer(config), loss=loss, metrics=[metric])
        self.model.optimizer.build(self.model.trainable_variables)

    def fit(self, train, val, config: FitConfig, on_event: EventCallback,
            should_stop: Callable[[], bool] = lambda: False, checkpoint_dir: Path | None = None,
            resume: bool = False) -> list[dict]:
        """Train; returns every epoch event of the run (including those before a resume). Under a
        MirroredStrategy each batch of config.batch_size is split across the replicas."""
        self.loss = config.loss
        with self._placement():
            self._compile(config)
            return run_fit(self, train, val, config, on_event, should_stop, checkpoint_dir, resume,
                           seed=self._seed_dropout, train_epoch=self._fit_epoch,
                           load_checkpoint=self._load_checkpoint, save_checkpoint=self._save_checkpoint)

    def _random_states(self) -> list:
        return random_states(self.model)

    def _seed_dropout(self, seed: int) -> None:
        seed_dropout(self.model, seed)

    def _fit_epoch(self, run: FitRun, epoch: int, x, y, should_stop, last: Path | None
                   ) -> tuple[float, int] | None:
        """One (rest of an) epoch in one model.fit call: (loss sum, correct), or None when a stop ended it."""
        config = run.config
        start = run.begin_epoch(epoch)
        if should_stop():
            return self._stop(run, epoch, start, 0.0, 0, last)
        batches = training_batches(self.spec, x, y, config.batch_size, shuffle=True,
                                   rng=epoch_rng(config.seed, epoch), augment=config.augment)
        callback = _EpochCallback(run, epoch, should_stop, constant_lr=config.schedule == "constant")
        if config.schedule == "constant":
            self.model.optimizer.learning_rate = config.learning_rate
        try:
            history = self.model.fit(_Batches(batches, start), epochs=1, verbose=0, shuffle=False,
                                     callbacks=[callback])
        finally:
            _undo_tensorflows_malloc_pin()
        logs = {key: values[-1] for key, values in history.history.items()}
        loss_sum, correct = _session_sums(run, callback.batches_done - 1, logs)
        if callback.stop_requested:
            return self._stop(run, epoch, callback.batches_done, loss_sum, correct, last)
        return loss_sum, correct

    def _stop(self, run: FitRun, epoch: int, batch: int, loss_sum: float, correct: int, last: Path | None):
        event = run.stop(epoch, batch, loss_sum, correct)
        if last is not None:
            self._save_checkpoint(last, run.state)
        run.on_event(event)
        return None

    # -- checkpoints: weights + optimizer variables + state in one npz (no pickle)

    def _save_checkpoint(self, path: Path, state: FitState) -> bool:
        """Write a checkpoint; False (nothing written) when the weights are no longer finite."""
        weights = self.model.get_weights()
        if not all(np.isfinite(w).all() for w in weights):
            return False
        optimizer = self.model.optimizer
        arrays = {f"weight_{i:04d}": np.asarray(w) for i, w in enumerate(weights)}
        arrays.update({f"optimizer_{i:04d}": np.asarray(v.numpy()) for i, v in enumerate(optimizer.variables)})
        arrays.update({f"random_{i:04d}": np.asarray(v.numpy()) for i, v in enumerate(self._random_states())})
        meta = {"state": state.to_dict(), "architecture": self.spec.name,
                "optimizer": type(optimizer).__name__, "optimizer_variables": [v.path for v in optimizer.variables]}
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as handle:
                np.savez(handle, meta=np.array(json.dumps(meta)), **arrays)
        return True

    def _load_checkpoint(self, path: Path) -> FitState:
        weights, optimizer_values, meta = _read_checkpoint(path)
        self._set_weights(weights, path)
        for variable, value in zip(self._random_states(), _read_arrays(path, "random_")):
            variable.assign(value)
        variables = self.model.optimizer.variables
        if (meta.get("optimizer") != type(self.model.optimizer).__name__ or len(variables) != len(optimizer_values)
                or any(tuple(v.shape) != a.shape for v, a in zip(variables, optimizer_values))):
            raise ModelError(f"The checkpoint {path} was made with the {meta.get('optimizer')} optimizer; "
                             "resume with the same optimizer settings.")
        for variable, value in zip(variables, optimizer_values):
            variable.assign(value)
        return FitState.from_dict(meta["state"])


    # -- inside the network (core.insight): the spec's top-level layers called one after another

    def _spec_layers(self) -> list:
        return [self.model.get_layer(name) for name in self.spec.layer_names()]

    def _insight_function(self, key, build: Callable):
        """One traced tf.function per kind of look inside (and per watched layer), made on first use."""
        functions = self.__dict__.setdefault("_insight_functions", {})
        if key not in functions:
            functions[key] = build()
        return functions[key]

    def _one_image(self, x: np.ndarray) -> "tf.Tensor":
        batch = check_inputs(np.asarray(x)[None], self.spec.input_shape, self.spec.name)
        return tf.constant(batch.astype(np.float32) / 255.0 if batch.dtype == np.uint8 else batch)

    def layer_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """Every spec layer's output for one image (H, W, C): channels last, without the batch axis."""
        def build():
            spec_layers = self._spec_layers()

            @tf.function(reduce_retracing=True)
            def all_outputs(image):
                outputs, y = [], image
                for layer in spec_layers:
                    y = layer(y, training=False)
                    outputs.append(y[0])
                return outputs
            return all_outputs
        with tf.device(self._device):
            return [np.asarray(t) for t in self._insight_function("outputs", build)(self._one_image(x))]

    def target_gradient(self, x: np.ndarray, target: int, layer_index: int | None) -> tuple[np.ndarray, np.ndarray]:
        """The output of layer `layer_index` (None: the input) for one image, and the gradient of class
        `target`'s logit with respect to it; both channels last, without the batch axis."""
        def build():
            spec_layers = self._spec_layers()

            @tf.function(reduce_retracing=True)
            def gradient(image, target_class):
                with tf.GradientTape() as tape:
                    tape.watch(image)
                    y = watched = image
                    for index, layer in enumerate(spec_layers):
                        y = layer(y, training=False)
                        if index == layer_index:
                            watched = y
                    picked = tf.gather(y[0], target_class)
                return watched[0], tape.gradient(picked, watched)[0]
            return gradient
        with tf.device(self._device):
            watched, gradient = self._insight_function(("gradient", layer_index), build)(
                self._one_image(x), tf.constant(int(target)))
        return np.asarray(watched), np.asarray(gradient)

    def first_kernels(self) -> np.ndarray | None:
        """The first layer's convolution kernels as (k, k, in, out), or None when it is not a convolution."""
        layer = self.model.get_layer(self.spec.layer_names()[0])
        if self.spec.layers[0]["type"] not in ("conv", "sepconv") or not layer.weights:
            return None
        kernel = np.asarray(layer.weights[0].numpy())
        return kernel if kernel.ndim == 4 else None


def _read_checkpoint(path: Path) -> tuple[list[np.ndarray], list[np.ndarray], dict]:
    """(weights, optimizer variables, meta) of a checkpoint."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"{path.name} is not a readable Inkling checkpoint ({first_line(error)}).") from None
    return _read_arrays(path, "weight_"), _read_arrays(path, "optimizer_"), meta


def _read_arrays(path: Path, prefix: str) -> list[np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as data:
            return [data[key] for key in sorted(k for k in data.files if k.startswith(prefix))]
    except (OSError, ValueError) as error:
        raise ModelError(f"{path.name} is not a readable Inkling checkpoint ({first_line(error)}).") from None


def _h5_array_shapes(path: Path) -> list[tuple]:
    import h5py

    """The shapes of the model arrays in a .weights.h5 file (under "layers"; "optimizer" is not weights)."""
    shapes = []
    with h5py.File(path, "r") as handle:
        if "layers" in handle:
            handle["layers"].visititems(lambda name, item: shapes.append(tuple(item.shape))
                                        if isinstance(item, h5py.Dataset) else None)
    return shapes


def _shape_mismatch(model: keras.Model, found: list[tuple]) -> str | None:
    """Whether a weights file holds exactly the arrays this model has, in words (None: it does)."""
    expected = [tuple(v.shape) for v in model.weights]
    if len(found) != len(expected):
        return f"the file has {len(found)} arrays where {len(expected)} are expected"
    if sorted(found) != sorted(expected):
        return "the array shapes differ"
    return None


def _smoothed_cross_entropy(smoothing: float):
    """Cross-entropy from logits against (1-s)·one-hot + s/classes, as torch's label_smoothing: Keras'
    sparse loss has no smoothing, and one-hot labels would change the batches both engines share."""
    def loss(labels, logits):
        log_p = tf.nn.log_softmax(logits)
        picked = tf.gather(log_p, tf.cast(tf.reshape(labels, [-1]), tf.int32), batch_dims=1)
        return -(1.0 - smoothing) * picked - smoothing * tf.reduce_mean(log_p, axis=-1)
    return loss


def _mirrored_strategy(device: str, mirrored: bool | None):
    """A MirroredStrategy over this machine's GPUs (or the CPU, one replica), or None for plain placement.
    Keras 3's multi-worker strategy is not offered: see the README's GPU section."""
    gpus = [f"/GPU:{index}" for index in range(len(tf.config.list_physical_devices("GPU")))]
    on_gpu = device.startswith("/GPU")
    if mirrored is None:
        mirrored = on_gpu and len(gpus) > 1
    if not mirrored:
        return None
    return tf.distribute.MirroredStrategy(gpus if on_gpu else [device])


def _input_batches(spec: zoo.ModelSpec, x: np.ndarray, batch_size: int):
    """Unshuffled float32 batches: images as NHWC (iterate_inputs), sequences as they are."""
    if not spec.is_sequence:
        return iterate_inputs(x, batch_size)
    return (np.asarray(x[start:start + batch_size], np.float32) for start in range(0, len(x), batch_size))


def _pick_device(requested: str) -> tuple[str, str]:
    check_device(requested)
    gpus = tf.config.list_physical_devices("GPU")
    if requested == "cuda" and not gpus:
        raise ModelError("CUDA was asked for, but TensorFlow sees no CUDA GPU here; use --device cpu or auto.")
    if requested == "cpu" or not gpus:
        return "/CPU:0", "CPU"
    details = tf.config.experimental.get_device_details(gpus[0])
    return "/GPU:0", "CUDA: " + details.get("device_name", gpus[0].name)
