"""The model zoo: every architecture Inkling trains, written once as data.

A ModelSpec is a list of layer dicts that both engines (core/engines/torch_engine.py and
keras_engine.py) build natively. Shapes follow Keras' conventions: (height, width, channels), and
"same" padding is TensorFlow's (extra padding goes to the bottom/right), so that both engines give
the same output shapes and the same parameter counts from one spec.

Layer dicts ("type" plus its fields):
  conv      filters, kernel, stride, padding ("same"|"valid"), activation (None|relu|sigmoid|tanh), bias
  sepconv   depthwise-separable conv (depthwise kernel×kernel, then pointwise 1×1); same fields as conv
  bn        batch normalisation (BN_MOMENTUM, BN_EPSILON)
  act       fn: relu|sigmoid|tanh
  pool      mode (max|avg), size, stride, padding
  dropout   rate
  flatten
  dense     units, activation
  gap       global average pool
  inception filters, stride: four ConvBNRelu branches (1×1; 1×1→3×3; 1×1→5×5; maxpool 3×3→1×1), concatenated
  residual  filters, stride, downsample: two 3×3 conv+BN (no bias), a 1×1 conv+BN shortcut when downsample
  embedding vocabulary, dims: integer ids (timesteps,) → vectors (timesteps, dims)
  simple_rnn, lstm, gru   units, return_sequences: over (timesteps, features), Keras' cells (one bias
            vector for SimpleRNN and LSTM, GRU with reset_after and its two), giving (timesteps, units)
            with return_sequences, else the last step's (units,)
The last layer outputs logits: the engines apply softmax in predict and cross-entropy from logits in training.

Sequence networks (the course's chapter 6) have their own table (`sequence_spec`): their input is
(timesteps, features), or (timesteps,) of ids when they start with an embedding, so they stay out of
the image architectures that the Train tab offers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from core.fileio import UserError

# Batch normalisation in both engines, in Keras' terms (running = momentum·running + (1-momentum)·batch).
BN_MOMENTUM = 0.9
BN_EPSILON = 1e-3

ACTIVATIONS = ("relu", "sigmoid", "tanh")
RECURRENT = ("simple_rnn", "lstm", "gru")
CELLS = {"rnn": "simple_rnn", "lstm": "lstm", "gru": "gru"}   # the course's short names → layer kinds


class SpecError(UserError):
    """An architecture that cannot be built (unknown name, input too small, bad layer)."""


# ---- layer constructors -------------------------------------------------------------------------

def conv(filters: int, kernel: int, stride: int = 1, padding: str = "same", activation: str | None = None,
         bias: bool = True) -> dict:
    return {"type": "conv", "filters": filters, "kernel": kernel, "stride": stride, "padding": padding,
            "activation": activation, "bias": bias}


def sepconv(filters: int, kernel: int, stride: int = 1, padding: str = "same", activation: str | None = None,
            bias: bool = True) -> dict:
    return {"type": "sepconv", "filters": filters, "kernel": kernel, "stride": stride, "padding": padding,
            "activation": activation, "bias": bias}


def bn() -> dict:
    return {"type": "bn"}


def act(fn: str) -> dict:
    return {"type": "act", "fn": fn}


def pool(mode: str = "max", size: int = 2, stride: int | None = None, padding: str = "valid") -> dict:
    return {"type": "pool", "mode": mode, "size": size, "stride": stride or size, "padding": padding}


def dropout(rate: float) -> dict:
    return {"type": "dropout", "rate": rate}


def flatten() -> dict:
    return {"type": "flatten"}


def dense(units: int, activation: str | None = None) -> dict:
    return {"type": "dense", "units": units, "activation": activation}


def gap() -> dict:
    return {"type": "gap"}


def inception(filters: int, stride: int = 1) -> dict:
    return {"type": "inception", "filters": filters, "stride": stride}


def residual(filters: int, stride: int = 1, downsample: bool = False) -> dict:
    return {"type": "residual", "filters": filters, "stride": stride, "downsample": downsample}


def embedding(vocabulary: int, dims: int) -> dict:
    return {"type": "embedding", "vocabulary": vocabulary, "dims": dims}


def recurrent(kind: str, units: int, return_sequences: bool = False) -> dict:
    """A SimpleRNN, LSTM or GRU layer: kind is one of RECURRENT (or the short names of CELLS)."""
    kind = CELLS.get(kind, kind)
    if kind not in RECURRENT:
        raise SpecError(f"Unknown recurrent cell {kind!r} (use {', '.join(CELLS)}).")
    return {"type": kind, "units": units, "return_sequences": return_sequences}


# ---- shape arithmetic (TensorFlow semantics; the torch engine pads to match) -----------------------

def conv_output_size(size: int, kernel: int, stride: int, padding: str) -> int:
    if padding == "same":
        return math.ceil(size / stride)
    if padding == "valid":
        return (size - kernel) // stride + 1 if size >= kernel else 0
    raise SpecError(f"Unknown padding {padding!r} (use same or valid).")


def same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """(before, after) zero padding that TensorFlow's "same" adds along one spatial axis."""
    total = max((conv_output_size(size, kernel, stride, "same") - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


# ---- the spec -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ModelSpec:
    name: str
    title: str
    description: str
    input_shape: tuple[int, ...]   # (height, width, channels); a sequence's (timesteps, features) or (timesteps,)
    num_classes: int
    layers: tuple[dict, ...]

    @property
    def is_sequence(self) -> bool:
        return len(self.input_shape) < 3

    @property
    def takes_ids(self) -> bool:
        """Whether the input is integer ids (the first layer is an embedding)."""
        return bool(self.layers) and self.layers[0]["type"] == "embedding"

    def layer_names(self) -> list[str]:
        """One name per layer, e.g. conv1, bn1, conv2: used for framework layer names and weight export."""
        counts: dict[str, int] = {}
        names = []
        for layer in self.layers:
            counts[layer["type"]] = counts.get(layer["type"], 0) + 1
            names.append(f"{layer['type']}{counts[layer['type']]}")
        return names

    def output_shapes(self) -> list[tuple[int, ...]]:
        """Each layer's output shape without the batch axis: (H, W, C) or (features,)."""
        shapes = []
        shape: tuple[int, ...] = tuple(self.input_shape)
        for name, layer in zip(self.layer_names(), self.layers):
            shape = layer_output_shape(layer, shape)
            if any(size <= 0 for size in shape):
                size = "×".join(str(v) for v in self.input_shape[:2])
                raise SpecError(f"The {self.name} architecture needs a larger input than "
                                f"{size} (its {name} layer has nothing left).")
            shapes.append(shape)
        return shapes

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description,
                "input_shape": list(self.input_shape), "num_classes": self.num_classes,
                "layers": [dict(layer) for layer in self.layers]}

    @classmethod
    def from_dict(cls, data: dict) -> "ModelSpec":
        try:
            spec = cls(name=str(data["name"]), title=str(data.get("title", data["name"])),
                       description=str(data.get("description", "")),
                       input_shape=tuple(int(v) for v in data["input_shape"]),
                       num_classes=int(data["num_classes"]),
                       layers=tuple(dict(layer) for layer in data["layers"]))
        except (KeyError, TypeError, ValueError) as error:
            raise SpecError(f"This architecture description is incomplete or damaged ({error}).") from None
        spec.output_shapes()   # validates every layer
        return spec


def layer_output_shape(layer: dict, shape: tuple[int, ...]) -> tuple[int, ...]:
    kind = layer.get("type")
    spatial = len(shape) == 3
    if kind in ("conv", "sepconv", "pool", "inception", "residual", "gap") and not spatial:
        raise SpecError(f"A {kind} layer needs an image-shaped input, not a flat vector.")
    if kind in ("conv", "sepconv"):
        _check_activation(layer.get("activation"))
        h, w = (conv_output_size(s, layer["kernel"], layer["stride"], layer["padding"]) for s in shape[:2])
        return h, w, layer["filters"]
    if kind == "pool":
        if layer["mode"] not in ("max", "avg"):
            raise SpecError(f"Unknown pooling {layer['mode']!r} (use max or avg).")
        h, w = (conv_output_size(s, layer["size"], layer["stride"], layer["padding"]) for s in shape[:2])
        return h, w, shape[2]
    if kind == "inception":
        h, w = (math.ceil(s / layer["stride"]) for s in shape[:2])
        return h, w, 4 * layer["filters"]
    if kind == "residual":
        if not layer["downsample"] and (layer["stride"] != 1 or layer["filters"] != shape[2]):
            raise SpecError("A residual block that changes the shape needs downsample=True.")
        h, w = (math.ceil(s / layer["stride"]) for s in shape[:2])
        return h, w, layer["filters"]
    if kind == "gap":
        return (shape[2],)
    if kind in ("embedding",) + RECURRENT:
        return _sequence_output_shape(layer, shape)
    if kind == "flatten":
        return (math.prod(shape),)
    if kind == "dense":
        _check_activation(layer.get("activation"))
        if len(shape) == 2:
            raise SpecError("A dense layer needs a flat input: end the recurrent layers with "
                            "return_sequences off.")
        return (layer["units"],)
    if kind == "act":
        _check_activation(layer["fn"])
        return shape
    if kind in ("bn", "dropout"):
        return shape
    raise SpecError(f"Unknown layer type {kind!r}.")


def _sequence_output_shape(layer: dict, shape: tuple[int, ...]) -> tuple[int, ...]:
    if layer["type"] == "embedding":
        if len(shape) != 1:
            raise SpecError("An embedding layer needs a sequence of ids as its input.")
        return shape[0], layer["dims"]
    if len(shape) != 2:
        raise SpecError(f"A {layer['type']} layer needs a sequence input (timesteps, features).")
    return (shape[0], layer["units"]) if layer["return_sequences"] else (layer["units"],)


def _check_activation(name: str | None) -> None:
    if name is not None and name not in ACTIVATIONS:
        raise SpecError(f"Unknown activation {name!r} (use {', '.join(ACTIVATIONS)}).")


# ---- the networks ---------------------------------------------------------------------------------

def _mlp(num_classes: int) -> list[dict]:
    return [flatten(), dense(128, "relu"), dense(num_classes)]


def _baseline(num_classes: int) -> list[dict]:
    return [conv(6, 5), bn(), act("relu"), pool("max", 2, 2, "same"), dropout(0.2),
            flatten(), dense(128, "relu"), dropout(0.2), dense(num_classes)]


def _lenet5(num_classes: int) -> list[dict]:
    return [conv(6, 5, padding="valid", activation="sigmoid"), pool("max", 2, 2),
            conv(16, 5, padding="valid", activation="sigmoid"), pool("max", 2, 2),
            flatten(), dense(120, "sigmoid"), dense(84, "sigmoid"), dense(num_classes)]


def _alexnet8(num_classes: int) -> list[dict]:
    return [conv(96, 3, padding="valid"), bn(), act("relu"), pool("max", 3, 2),
            conv(256, 3, padding="valid"), bn(), act("relu"), pool("max", 3, 2),
            conv(384, 3, activation="relu"), conv(384, 3, activation="relu"), conv(256, 3, activation="relu"),
            pool("max", 3, 2),
            flatten(), dense(2048, "relu"), dropout(0.5), dense(2048, "relu"), dropout(0.5), dense(num_classes)]


def _vgg16(num_classes: int) -> list[dict]:
    layers: list[dict] = []
    for filters, convs in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        for _ in range(convs):
            layers += [conv(filters, 3), bn(), act("relu")]
        layers += [pool("max", 2, 2, "same"), dropout(0.2)]
    return layers + [flatten(), dense(512, "relu"), dropout(0.2), dense(512, "relu"), dropout(0.2),
                     dense(num_classes)]


def _inception10(num_classes: int) -> list[dict]:
    layers = [conv(16, 3), bn(), act("relu")]
    filters = 16
    for _ in range(2):
        layers += [inception(filters, stride=2), inception(filters, stride=1)]
        filters *= 2
    return layers + [gap(), dense(num_classes)]


def _resnet18(num_classes: int) -> list[dict]:
    layers = [conv(64, 3, bias=False), bn(), act("relu")]
    for stage, filters in enumerate((64, 128, 256, 512)):
        for block in range(2):
            downsample = stage > 0 and block == 0
            layers.append(residual(filters, stride=2 if downsample else 1, downsample=downsample))
    return layers + [gap(), dense(num_classes)]


def _separable(num_classes: int) -> list[dict]:
    return [conv(32, 3), bn(), act("relu"),
            sepconv(64, 3), bn(), act("relu"), pool("max", 2, 2),
            sepconv(128, 3), bn(), act("relu"), sepconv(128, 3), bn(), act("relu"), pool("max", 2, 2),
            sepconv(256, 3), bn(), act("relu"),
            gap(), dropout(0.2), dense(num_classes)]


def _inkling(num_classes: int) -> list[dict]:
    # Convolutions right before batch normalisation need no bias (BN's beta plays that part).
    return [conv(32, 3, bias=False), bn(), act("relu"), conv(32, 3, bias=False), bn(), act("relu"),
            pool("max", 2, 2),
            conv(64, 3, bias=False), bn(), act("relu"), conv(64, 3, bias=False), bn(), act("relu"),
            pool("max", 2, 2),
            conv(128, 3, padding="valid", bias=False), bn(), act("relu"),
            gap(), dropout(0.25), dense(num_classes)]


def _speedrun(num_classes: int) -> list[dict]:
    # Designed for `train --recipe fast` (99% in 30 s on 2 CPU cores): two 5×5 convolutions without
    # padding keep the maps small (24×24, then 8×8), so a training step costs ~1 M multiply-adds per image.
    return [conv(16, 5, padding="valid", bias=False), bn(), act("relu"), pool("max", 2, 2),
            conv(32, 5, padding="valid", bias=False), bn(), act("relu"), pool("max", 2, 2),
            flatten(), dense(num_classes)]


_ARCHITECTURES = {
    "mlp": ("MLP", "The course's first network: flatten, one hidden layer of 128, output.", _mlp),
    "baseline": ("Baseline CNN", "The course's CBAPD: one 5×5 convolution, BN, ReLU, max-pool, dropout, "
                 "then a 128-unit dense layer.", _baseline),
    "lenet5": ("LeNet5", "LeCun's 1998 network: two 5×5 sigmoid convolutions with pooling, "
               "then dense 120, 84.", _lenet5),
    "alexnet8": ("AlexNet8", "The course's eight-layer AlexNet: five convolutions (two with BN), "
                 "three dense layers with dropout.", _alexnet8),
    "vgg16": ("VGG16", "Thirteen 3×3 convolutions with BN in five pooled stages, then three dense "
              "layers.", _vgg16),
    "inception10": ("Inception10", "The course's InceptionNet: four Inception blocks of parallel 1×1, "
                    "3×3, 5×5 and pooled branches.", _inception10),
    "resnet18": ("ResNet18", "Eight residual blocks of two 3×3 convolutions each, with shortcut "
                 "connections.", _resnet18),
    "separable": ("Separable CNN", "Depthwise-separable convolutions (MobileNet-style): few parameters "
                  "for its depth.", _separable),
    "inkling": ("Inkling", "Inkling's own digit reader: four 3×3 convolutions with BN in two pooled "
                "stages, a fifth, global average pool; accurate and fast.", _inkling),
    "speedrun": ("Speedrun", "A small network made for the fast recipe: two 5×5 convolutions with BN and "
                 "pooling, then the output; 99% on MNIST in half a minute on a laptop CPU.", _speedrun),
}


# ---- the course's recurrent networks (chapter 6) ------------------------------------------------

def letters_layers(cell: str = "rnn", encoding: str = "onehot", letters: int = 5, units: int = 3,
                   embedding_dims: int = 2) -> list[dict]:
    """Next letter: [Embedding(letters, 2)] → SimpleRNN/LSTM/GRU(3) → Dense(letters), as the course."""
    head = [embedding(letters, embedding_dims)] if encoding == "embedding" else []
    return head + [recurrent(cell, units), dense(letters)]


def stock_layers(cell: str = "rnn", units: tuple[int, int] = (80, 100), rate: float = 0.2) -> list[dict]:
    """Next price: cell(80, sequences) → dropout 0.2 → cell(100) → dropout 0.2 → dense 1, as the course."""
    return [recurrent(cell, units[0], return_sequences=True), dropout(rate), recurrent(cell, units[1]),
            dropout(rate), dense(1)]


def letters_spec(cell: str = "rnn", encoding: str = "onehot", context: int = 1, letters: int = 5,
                 units: int = 3) -> ModelSpec:
    if encoding not in ("onehot", "embedding"):
        raise SpecError(f"Unknown letter encoding {encoding!r} (use onehot or embedding).")
    input_shape = (context,) if encoding == "embedding" else (context, letters)
    return _sequence(f"letters_{encoding}_{cell}", f"Letters ({encoding}, {cell})",
                     "The course's next-letter network.", input_shape, letters,
                     letters_layers(cell, encoding, letters, units))


def stock_spec(cell: str = "rnn", window: int = 60, units: tuple[int, int] = (80, 100),
               rate: float = 0.2) -> ModelSpec:
    return _sequence(f"stock_{cell}", f"Stock ({cell})", "The course's next-day price network: two "
                     "recurrent layers with dropout, one output.", (window, 1), 1, stock_layers(cell, units, rate))


def _sequence(name: str, title: str, description: str, input_shape: tuple[int, ...], outputs: int,
              layers: list[dict]) -> ModelSpec:
    spec = ModelSpec(name=name, title=title, description=description,
                     input_shape=tuple(int(v) for v in input_shape), num_classes=int(outputs), layers=tuple(layers))
    spec.output_shapes()
    return spec


def architecture_names() -> list[str]:
    return list(_ARCHITECTURES)


def get_spec(name: str, input_shape: tuple[int, int, int] = (28, 28, 1), num_classes: int = 10) -> ModelSpec:
    if name not in _ARCHITECTURES:
        raise SpecError(f"There is no architecture called {name!r} (choose from "
                        f"{', '.join(architecture_names())}).")
    title, description, build_layers = _ARCHITECTURES[name]
    spec = ModelSpec(name=name, title=title, description=description,
                     input_shape=tuple(int(v) for v in input_shape), num_classes=int(num_classes),
                     layers=tuple(build_layers(int(num_classes))))
    spec.output_shapes()   # a too-small input fails here, in plain words
    return spec
