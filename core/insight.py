"""Inside the network: every layer's output and where the model looked, for one digit, in either engine.

Plain functions on numpy arrays over an engine (or a core.inference.Classifier, used one caller at a
time): `layer_outputs` runs the network layer by layer (named, typed and shaped as core.zoo's spec
says), `saliency` asks the framework's autograd where the answer came from (Grad-CAM on the last
layer that still has a picture's shape, or plain input gradients), and `look_inside` does both for the
Draw tab's inside view and the benchmark. A model that reads other pictures than 28×28 grey digits (a
CIFAR network) is shown the drawing resized to its input and copied into its channels, and says so.
"""
from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass

import cv2
import numpy as np

from core.fileio import UserError
from core.zoo import ModelSpec

METHODS = ("gradcam", "gradients")
DIGIT_SIDE = 28
INK_LEVEL = 0.1          # a 28×28 input pixel brighter than this is ink
_GRADIENT_BLUR = 0.7     # sigma (input pixels) that turns single-pixel gradient speckle into a readable map


@dataclass
class LayerView:
    """One layer's output for one picture: its spec name and kind, its shape without the batch axis
    ((H, W, C) or (features,)) and the values."""
    name: str
    kind: str
    shape: tuple[int, ...]
    values: np.ndarray

    @property
    def is_spatial(self) -> bool:
        return len(self.shape) == 3


@dataclass
class Insight:
    """What the inside view shows for one digit."""
    layers: list[LayerView]                   # every spec layer, then the softmax
    probabilities: np.ndarray
    top: int
    runner_up: int
    saliency: np.ndarray                      # (28, 28) 0..1, for the top class
    method: str                               # the saliency method used (gradcam falls back to gradients)
    runner_up_saliency: np.ndarray | None = None
    kernels: np.ndarray | None = None         # first layer's kernels as (n, k, k), or None
    note: str = ""                            # how the drawing was fitted to a model that reads other pictures


class InsightError(UserError):
    """A model that cannot be looked inside (a sequence network, an unknown method)."""


# ---- the engine behind a classifier ----------------------------------------------------------------

@contextlib.contextmanager
def _engine_of(model):
    """The engine of a Classifier (held for this caller alone) or the engine itself."""
    if hasattr(model, "engine_in_use"):
        with model.engine_in_use() as engine:
            yield engine
    else:
        yield model


def _spec(engine) -> ModelSpec:
    spec = engine.spec
    if spec.is_sequence:
        raise InsightError(f"The {spec.name} network reads sequences, not pictures; there is no picture to "
                           "look inside.")
    return spec


# ---- fitting a drawing to the model's input ---------------------------------------------------------

def fit_input(image28: np.ndarray, input_shape: tuple[int, ...]) -> tuple[np.ndarray, str]:
    """A 28×28 digit (float 0..1) as the (H, W, C) float32 picture a model reads, and a sentence saying
    how it was fitted ("" when it reads 28×28 grey digits as they are)."""
    image = np.asarray(image28, np.float32).reshape(DIGIT_SIDE, DIGIT_SIDE)
    height, width, channels = input_shape
    note = ""
    if (height, width) != (DIGIT_SIDE, DIGIT_SIDE):
        image = cv2.resize(image, (width, height), interpolation=cv2.INTER_LINEAR)
        note = f"This model reads {height}×{width} pictures: the drawing was resized to fit."
    if channels != 1:
        colour = "colour " if channels == 3 else ""
        note = (f"This model reads {height}×{width} {colour}pictures with {channels} channels: the drawing was "
                f"resized and copied into every channel.")
    return np.repeat(image[:, :, None], channels, axis=2), note


def _to_digit_side(saliency_map: np.ndarray) -> np.ndarray:
    if saliency_map.shape != (DIGIT_SIDE, DIGIT_SIDE):
        saliency_map = cv2.resize(saliency_map, (DIGIT_SIDE, DIGIT_SIDE), interpolation=cv2.INTER_LINEAR)
    return saliency_map


# ---- layer outputs -----------------------------------------------------------------------------------

def layer_outputs(model, x: np.ndarray) -> list[LayerView]:
    """Every layer's output for one digit x ((28, 28) float 0..1), as the zoo spec names, types and shapes
    the layers, then the softmax. model: an engine or a Classifier."""
    with _engine_of(model) as engine:
        return _layer_views(engine, fit_input(x, _spec(engine).input_shape)[0])


def _layer_views(engine, picture: np.ndarray) -> list[LayerView]:
    spec = engine.spec
    outputs = engine.layer_outputs(picture)
    views = [LayerView(name, layer["type"], tuple(shape), values)
             for name, layer, shape, values in zip(spec.layer_names(), spec.layers, spec.output_shapes(), outputs)]
    logits = outputs[-1].astype(np.float64)
    probabilities = np.exp(logits - logits.max())
    views.append(LayerView("softmax", "softmax", (spec.num_classes,),
                           (probabilities / probabilities.sum()).astype(np.float32)))
    return views


# ---- saliency ------------------------------------------------------------------------------------------

def gradcam_layer(spec: ModelSpec) -> int | None:
    """The layer Grad-CAM looks at: the last one whose output is still a picture at least a quarter of
    the input's side (7×7 for a 28×28 digit), else the last picture-shaped one bigger than 1×1; None for
    a network without one (an MLP). On drawn digits the default model's last 5×5 layer put only 27-63%
    of the map on the (grown) ink, its 7×7 pool 59-86% (measured on five drawn digits)."""
    smallest = math.ceil(min(spec.input_shape[:2]) / 4)
    pictures = [index for index, shape in enumerate(spec.output_shapes()) if len(shape) == 3 and shape[0] * shape[1] > 1]
    fine = [index for index in pictures if min(spec.output_shapes()[index][:2]) >= smallest]
    return (fine or pictures or [None])[-1]


def saliency(model, x: np.ndarray, target_class: int, method: str = "gradcam") -> np.ndarray:
    """Where the network looked for `target_class` in digit x ((28, 28) float 0..1): a (28, 28) map,
    0..1. gradcam: the class gradient weighting a late picture-shaped layer (Selvaraju et al. 2017, at
    gradcam_layer); gradients: gradient × input, the logit's gradient at each drawn pixel times its ink
    (Shrikumar et al. 2016), which says which strokes counted. A network with no picture-shaped layer
    (an MLP) gets gradients."""
    with _engine_of(model) as engine:
        picture = fit_input(x, _spec(engine).input_shape)[0]
        return _saliency(engine, picture, target_class, method)[0]


def _saliency(engine, picture: np.ndarray, target_class: int, method: str) -> tuple[np.ndarray, str]:
    if method not in METHODS:
        raise InsightError(f"Unknown saliency method {method!r} (use {' or '.join(METHODS)}).")
    layer = gradcam_layer(engine.spec) if method == "gradcam" else None
    if layer is None:
        _, gradient = engine.target_gradient(picture, int(target_class), None)
        return _gradient_map(gradient, picture), "gradients"
    activation, gradient = engine.target_gradient(picture, int(target_class), layer)
    return _gradcam_map(activation, gradient, picture.shape[:2]), "gradcam"


def _gradient_map(gradient: np.ndarray, picture: np.ndarray) -> np.ndarray:
    strength = np.abs(gradient * picture).max(axis=2)
    strength = cv2.GaussianBlur(strength, (0, 0), _GRADIENT_BLUR * strength.shape[0] / DIGIT_SIDE)
    return _normalised(_to_digit_side(strength))


def _gradcam_map(activation: np.ndarray, gradient: np.ndarray, input_hw: tuple[int, int]) -> np.ndarray:
    weights = gradient.mean(axis=(0, 1))
    cam = np.maximum((activation * weights).sum(axis=2), 0.0).astype(np.float32)
    cam = _upsampled(cam, input_hw)
    return _normalised(_to_digit_side(cam))


def _upsampled(cam: np.ndarray, input_hw: tuple[int, int]) -> np.ndarray:
    """A coarse map stretched over the input, cell centres on the input cells they cover."""
    height, width = input_hw
    return cv2.resize(cam, (width, height), interpolation=cv2.INTER_LINEAR)


def _normalised(saliency_map: np.ndarray) -> np.ndarray:
    saliency_map = np.nan_to_num(saliency_map.astype(np.float32))
    top = float(saliency_map.max())
    return saliency_map / top if top > 0 else np.zeros_like(saliency_map)


# ---- all of it, for the inside view ------------------------------------------------------------------

def look_inside(model, image28: np.ndarray, method: str = "gradcam", runner_up: bool = False) -> Insight:
    """Every layer, the answer, and the saliency of the top class (and of the runner-up when asked) for
    one digit. The first layer's kernels come along."""
    with _engine_of(model) as engine:
        picture, note = fit_input(image28, _spec(engine).input_shape)
        layers = _layer_views(engine, picture)
        probabilities = layers[-1].values
        order = np.argsort(probabilities)[::-1]
        top, second = int(order[0]), int(order[1 if len(order) > 1 else 0])
        top_map, used = _saliency(engine, picture, top, method)
        second_map = _saliency(engine, picture, second, method)[0] if runner_up else None
        return Insight(layers, probabilities, top, second, top_map, used, second_map,
                       kernel_images(engine.first_kernels()), note)


def kernel_images(kernels: np.ndarray | None) -> np.ndarray | None:
    """(k, k, in, out) kernels as (n, k, k) pictures: one per output channel (its inputs averaged), or one
    per channel of a depthwise kernel."""
    if kernels is None:
        return None
    k_h, k_w, inputs, outputs = kernels.shape
    if inputs > 1 and outputs > 1:
        return kernels.mean(axis=2).transpose(2, 0, 1)
    return kernels.reshape(k_h, k_w, inputs * outputs).transpose(2, 0, 1)


# ---- saliency over the drawing ---------------------------------------------------------------------------

def ink_box(image: np.ndarray, level: float) -> tuple[int, int, int, int] | None:
    """(x, y, w, h) of the pixels brighter than level, or None when there are none."""
    mask = (np.asarray(image) > level).astype(np.uint8)
    if not mask.any():
        return None
    return cv2.boundingRect(mask)


def input_frame_on_drawing(image28: np.ndarray, drawing_box: tuple[int, int, int, int]
                           ) -> tuple[float, float, float] | None:
    """Where the whole 28×28 input lies over the drawing, as (x, y, side) in the drawing's pixels, given
    the box of the digit's ink there: the input's ink box is fitted onto it (same centre, longer sides
    equal, as core.preprocess scales a digit). None when the input has no ink."""
    box28 = ink_box(image28, INK_LEVEL)
    if box28 is None or drawing_box[2] <= 0 or drawing_box[3] <= 0:
        return None
    x, y, w, h = box28
    scale = max(drawing_box[2], drawing_box[3]) / max(w, h)
    centre_x, centre_y = drawing_box[0] + drawing_box[2] / 2, drawing_box[1] + drawing_box[3] / 2
    return centre_x - scale * (x + w / 2), centre_y - scale * (y + h / 2), scale * DIGIT_SIDE


def ink_mass_share(saliency_map: np.ndarray, image28: np.ndarray, dilation: int = 2) -> float:
    """The share of a (28, 28) saliency map's mass on the digit's ink, the ink grown by `dilation` pixels:
    how well the map stays on what was drawn (1.0: all of it)."""
    ink = (np.asarray(image28).reshape(DIGIT_SIDE, DIGIT_SIDE) > INK_LEVEL).astype(np.uint8)
    size = 2 * dilation + 1
    grown = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))) > 0
    total = float(saliency_map.sum())
    return float(saliency_map[grown].sum()) / total if total > 0 else 0.0


def ink_area_share(image28: np.ndarray, dilation: int = 2) -> float:
    """The share of the 28×28 input that the grown ink covers (what a map spread evenly would score)."""
    return ink_mass_share(np.ones((DIGIT_SIDE, DIGIT_SIDE), np.float32), image28, dilation)

