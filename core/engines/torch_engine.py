"""The PyTorch engine: a zoo spec built as an nn.Module, trained and run on CPU or CUDA.

Only imported when a torch engine is created (it imports torch at module level).
"""
from __future__ import annotations

import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Callable

import numpy as np

# OpenMP threads that spin while waiting collapse when another process wants the same cores (the
# app's own GUI and video threads, a second training): sleeping waiters measured 4-7× faster for
# inkling training on a busy 2-core machine. Read once, when torch loads its OpenMP runtime.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402  (after the OpenMP setting above)
from torch import nn
from torch.nn import functional as F

from core import distributed, zoo
from core.data.batches import iterate_inputs, to_float
from core.config import FitConfig
from core.engines.base import (FitRun, FitState, LayerSummary, ModelError, check_device, check_inputs, epoch_rng,
                               run_fit, training_batches)
from core.events import EventCallback
from core.fileio import UserError, atomic_path, first_line

torch.set_num_threads(distributed.threads_per_process())   # the cores, shared among torchrun's ranks

_ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}
_SCALE = 1.0 / 255.0


# ---- building a spec --------------------------------------------------------------------------

def _activation(name: str | None) -> list[nn.Module]:
    return [_ACTIVATIONS[name]()] if name else []


def _padded_conv(in_channels: int, layer: dict, in_hw: tuple[int, int], groups: int = 1,
                 out_channels: int | None = None, bias: bool | None = None) -> list[nn.Module]:
    """A convolution with TensorFlow's padding: "same" may pad one more at the bottom/right."""
    kernel, stride = layer["kernel"], layer["stride"]
    modules: list[nn.Module] = []
    padding = 0
    if layer["padding"] == "same":
        (top, bottom), (left, right) = (zoo.same_padding(size, kernel, stride) for size in in_hw)
        if top == bottom and left == right:
            padding = (top, left)
        else:
            modules.append(nn.ZeroPad2d((left, right, top, bottom)))
    modules.append(nn.Conv2d(in_channels, out_channels or layer["filters"], kernel, stride, padding,
                             groups=groups, bias=layer.get("bias", True) if bias is None else bias))
    return modules


def _conv(layer: dict, shape: tuple) -> nn.Module:
    h, w, c = shape
    return nn.Sequential(*_padded_conv(c, layer, (h, w)), *_activation(layer.get("activation")))


class SeparableConv2d(nn.Module):
    """Keras' SeparableConv2D: depthwise k×k (no bias), then pointwise 1×1 (with bias)."""

    def __init__(self, layer: dict, shape: tuple):
        super().__init__()
        h, w, c = shape
        self.depthwise = nn.Sequential(*_padded_conv(c, layer, (h, w), groups=c, out_channels=c, bias=False))
        self.pointwise = nn.Conv2d(c, layer["filters"], 1, bias=layer.get("bias", True))
        self.activation = nn.Sequential(*_activation(layer.get("activation")))

    def forward(self, x):
        return self.activation(self.pointwise(self.depthwise(x)))


def _batch_norm(shape: tuple) -> nn.Module:
    norm = nn.BatchNorm2d if len(shape) == 3 else nn.BatchNorm1d
    return norm(shape[-1], eps=zoo.BN_EPSILON, momentum=1.0 - zoo.BN_MOMENTUM)


def _pool(layer: dict, shape: tuple) -> nn.Module:
    """TensorFlow's pooling: "same" pads symmetrically and lets the last window run off the edge."""
    size, stride = layer["size"], layer["stride"]
    pad_h, pad_w = (0, 0)
    overhang = False
    if layer["padding"] == "same":
        (top, bottom), (left, right) = (zoo.same_padding(s, size, stride) for s in shape[:2])
        pad_h, pad_w = top, left
        overhang = bottom > top or right > left
    if layer["mode"] == "max":
        module = nn.MaxPool2d(size, stride, (pad_h, pad_w), ceil_mode=overhang)
    else:
        module = nn.AvgPool2d(size, stride, (pad_h, pad_w), ceil_mode=overhang, count_include_pad=False)
    return module


class GlobalAveragePool(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


class ConvBNReLU(nn.Sequential):
    def __init__(self, in_channels: int, filters: int, kernel: int, stride: int, in_hw: tuple[int, int],
                 bias: bool = True):
        layer = zoo.conv(filters, kernel, stride, "same", bias=bias)
        super().__init__(*_padded_conv(in_channels, layer, in_hw),
                         nn.BatchNorm2d(filters, eps=zoo.BN_EPSILON, momentum=1.0 - zoo.BN_MOMENTUM),
                         nn.ReLU())


class InceptionBlock(nn.Module):
    """The course's InceptionBlk: four ConvBNReLU branches concatenated on channels."""

    def __init__(self, layer: dict, shape: tuple):
        super().__init__()
        h, w, c = shape
        f, s = layer["filters"], layer["stride"]
        out_hw = (-(-h // s), -(-w // s))
        self.branch1 = ConvBNReLU(c, f, 1, s, (h, w))
        self.branch2 = nn.Sequential(ConvBNReLU(c, f, 1, s, (h, w)), ConvBNReLU(f, f, 3, 1, out_hw))
        self.branch3 = nn.Sequential(ConvBNReLU(c, f, 1, s, (h, w)), ConvBNReLU(f, f, 5, 1, out_hw))
        self.branch4 = nn.Sequential(nn.MaxPool2d(3, 1, 1), ConvBNReLU(c, f, 1, s, (h, w)))

    def forward(self, x):
        return torch.cat([self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)], dim=1)


class ResidualBlock(nn.Module):
    """The course's ResnetBlock: relu(BN(conv(relu(BN(conv(x))))) + shortcut(x)), convs without bias."""

    def __init__(self, layer: dict, shape: tuple):
        super().__init__()
        h, w, c = shape
        f, s = layer["filters"], layer["stride"]
        out_hw = (-(-h // s), -(-w // s))
        self.conv1 = nn.Sequential(*_padded_conv(c, zoo.conv(f, 3, s, bias=False), (h, w)))
        self.bn1 = nn.BatchNorm2d(f, eps=zoo.BN_EPSILON, momentum=1.0 - zoo.BN_MOMENTUM)
        self.conv2 = nn.Sequential(*_padded_conv(f, zoo.conv(f, 3, 1, bias=False), out_hw))
        self.bn2 = nn.BatchNorm2d(f, eps=zoo.BN_EPSILON, momentum=1.0 - zoo.BN_MOMENTUM)
        self.shortcut = nn.Identity()
        if layer["downsample"]:
            self.shortcut = nn.Sequential(*_padded_conv(c, zoo.conv(f, 1, s, bias=False), (h, w)),
                                          nn.BatchNorm2d(f, eps=zoo.BN_EPSILON, momentum=1.0 - zoo.BN_MOMENTUM))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class Recurrent(nn.Module):
    """Keras' SimpleRNN, LSTM or GRU over (batch, time, features): torch's fused cell with batch_first.

    torch adds two bias vectors (input side and recurrent side) where Keras' SimpleRNN and LSTM have
    one; the recurrent-side one is kept at zero outside the parameters, so the counts, the weights and
    the arithmetic are Keras'. GRU matches as it is (Keras' reset_after GRU has both biases too)."""

    _CELLS = {"simple_rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}

    def __init__(self, layer: dict, shape: tuple):
        super().__init__()
        self.kind = layer["type"]
        self.return_sequences = layer["return_sequences"]
        self.cell = self._CELLS[self.kind](shape[-1], layer["units"], batch_first=True)
        if self.kind != "gru":
            _drop_recurrent_bias(self.cell)

    def forward(self, x):
        outputs, _ = self.cell(x)
        return outputs if self.return_sequences else outputs[:, -1]


def _drop_recurrent_bias(cell: nn.RNNBase) -> None:
    bias = cell.bias_hh_l0.detach()
    del cell.bias_hh_l0
    cell.register_buffer("bias_hh_l0", torch.zeros_like(bias), persistent=False)
    cell._init_flat_weights()   # the fused kernel reads this list; it now holds the zero buffer


class Embedding(nn.Module):
    """Keras' Embedding: ids of any integer or float dtype → vectors."""

    def __init__(self, layer: dict):
        super().__init__()
        self.table = nn.Embedding(layer["vocabulary"], layer["dims"])

    def forward(self, ids):
        return self.table(ids.long())


def _build_layer(layer: dict, shape: tuple) -> nn.Module:
    kind = layer["type"]
    if kind == "conv":
        return _conv(layer, shape)
    if kind == "sepconv":
        return SeparableConv2d(layer, shape)
    if kind == "bn":
        return _batch_norm(shape)
    if kind == "act":
        return _ACTIVATIONS[layer["fn"]]()
    if kind == "pool":
        return _pool(layer, shape)
    if kind == "dropout":
        return nn.Dropout(layer["rate"])
    if kind == "flatten":
        return nn.Flatten()
    if kind == "dense":
        return nn.Sequential(nn.Linear(shape[-1], layer["units"]), *_activation(layer.get("activation")))
    if kind == "gap":
        return GlobalAveragePool()
    if kind == "inception":
        return InceptionBlock(layer, shape)
    if kind == "residual":
        return ResidualBlock(layer, shape)
    if kind in zoo.RECURRENT:
        return Recurrent(layer, shape)
    if kind == "embedding":
        return Embedding(layer)
    raise zoo.SpecError(f"Unknown layer type {kind!r}.")


def build_module(spec: zoo.ModelSpec) -> nn.Sequential:
    """The spec as an nn.Sequential whose children are named like the spec's layers (conv1, bn1, …)."""
    shapes = [tuple(spec.input_shape)] + spec.output_shapes()
    layers = OrderedDict((name, _build_layer(layer, shapes[index]))
                         for index, (name, layer) in enumerate(zip(spec.layer_names(), spec.layers)))
    return nn.Sequential(layers)


def _count(module: nn.Module) -> int:
    """Parameters plus BN running statistics (the saved state, so not the recurrent cells' zero bias):
    what Keras' count_params reports."""
    return sum(t.numel() for name, t in module.state_dict().items() if not name.endswith("num_batches_tracked"))


def _is_kernel(name: str, parameter: nn.Parameter) -> bool:
    """Conv and dense weights and a recurrent cell's input and recurrent weights get L2, as Keras'
    regularizer on kernel and recurrent_kernel; biases, BN scales and embedding tables do not."""
    leaf = name.rsplit(".", 1)[-1]
    kernel = leaf == "weight" or leaf.startswith(("weight_ih", "weight_hh"))
    return kernel and parameter.dim() > 1 and ".table." not in name


def _loss(outputs: torch.Tensor, target: torch.Tensor, loss: str, smoothing: float = 0.0) -> torch.Tensor:
    """The batch's mean loss (FitConfig.loss): cross-entropy from logits, or mean squared error."""
    if loss == "mse":
        return F.mse_loss(outputs.reshape(target.shape), target)
    return F.cross_entropy(outputs, target, label_smoothing=smoothing)


def _metric_sum(outputs: torch.Tensor, target: torch.Tensor, loss: str) -> torch.Tensor:
    """Correct answers in the batch, or for a regression its summed (per sample mean) absolute errors."""
    if loss == "mse":
        return (outputs.reshape(target.shape) - target).abs().reshape(len(target), -1).mean(dim=1).sum()
    return (outputs.argmax(dim=1) == target).sum()


# ---- the engine --------------------------------------------------------------------------------

class TorchEngine:
    name = "torch"
    loss = "cross_entropy"   # FitConfig.loss of the last fit: "mse" makes predict give the outputs

    def __init__(self, spec: zoo.ModelSpec, device: str = "auto"):
        self.spec = spec
        self.device = _pick_device(device)
        self.device_name = ("CUDA: " + torch.cuda.get_device_name(self.device)
                            if self.device.type == "cuda" else "CPU")
        # channels_last matches the NHWC batches and makes CPU convolutions about 2.5× faster (measured).
        self.model = build_module(spec).to(self.device, memory_format=torch.channels_last)
        if self.device.type == "cuda":
            torch.backends.cudnn.benchmark = True   # fixed batch shapes: let cuDNN pick its fastest kernels
        self.optimizer: torch.optim.Optimizer | None = None
        self._check_output_shapes()

    def _check_output_shapes(self) -> None:
        with torch.inference_mode():
            x = self._to_tensor(np.zeros((1, *self.spec.input_shape), np.float32))
            for (name, module), expected in zip(self.model.named_children(), self.spec.output_shapes()):
                x = module.eval()(x)
                got = tuple(x.shape[2:]) + (x.shape[1],) if x.dim() == 4 else tuple(x.shape[1:])
                if got != tuple(expected):
                    raise zoo.SpecError(f"{self.spec.name}: layer {name} gives {got} in torch, "
                                        f"the spec says {tuple(expected)}.")

    # -- description

    def parameter_count(self) -> int:
        return _count(self.model)

    def summary(self) -> list[LayerSummary]:
        return [LayerSummary(name, layer["type"], tuple(shape), _count(module))
                for (name, module), layer, shape
                in zip(self.model.named_children(), self.spec.layers, self.spec.output_shapes())]

    def weight_arrays(self) -> list[tuple[str, np.ndarray]]:
        return [(name, tensor.detach().cpu().numpy()) for name, tensor in self.model.state_dict().items()
                if not name.endswith("num_batches_tracked")]

    # -- inference

    def _to_tensor(self, batch: np.ndarray) -> torch.Tensor:
        """float32 NHWC numpy → NCHW tensor on the device (a strided view, no copy on CPU); a sequence
        batch (N, timesteps[, features]) as it is."""
        tensor = torch.from_numpy(batch)
        if not self.spec.is_sequence:
            tensor = tensor.permute(0, 3, 1, 2)
        return tensor.to(self.device, non_blocking=True)

    def _logits(self, x: np.ndarray, batch_size: int) -> torch.Tensor:
        """(N, classes) float32 logits on the device, computed batch by batch in eval mode."""
        x = check_inputs(x, self.spec.input_shape, self.spec.name)
        self.model.eval()
        with torch.inference_mode():
            outputs = [self.model(self._to_tensor(batch)).float() for batch in _input_batches(self.spec, x, batch_size)]
            if not outputs:
                return torch.zeros((0, self.spec.num_classes), device=self.device)
            return torch.cat(outputs)

    def predict(self, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
        with torch.inference_mode():
            if self.loss == "mse":
                return self._logits(x, batch_size).cpu().numpy()
            return torch.softmax(self._logits(x, batch_size), dim=1).cpu().numpy()

    def evaluate(self, x: np.ndarray, y: np.ndarray, batch_size: int = 256) -> tuple[float, float]:
        """(loss, accuracy); for a regression (mean squared error, mean absolute error)."""
        if len(x) == 0:
            return float("nan"), float("nan")
        if self.loss == "mse":
            with torch.inference_mode():
                outputs = self._logits(x, batch_size)
                target = torch.as_tensor(np.asarray(y, dtype=np.float32), device=self.device)
                return _loss(outputs, target, "mse").item(), (_metric_sum(outputs, target, "mse") / len(target)).item()
        if distributed.is_active():
            return self._evaluate_shared(x, y, batch_size)
        with torch.inference_mode():
            logits = self._logits(x, batch_size)
            labels = torch.as_tensor(np.asarray(y, dtype=np.int64), device=self.device)
            loss = F.cross_entropy(logits, labels).item()
            accuracy = (logits.argmax(dim=1) == labels).float().mean().item()
        return loss, accuracy

    def _evaluate_shared(self, x: np.ndarray, y: np.ndarray, batch_size: int) -> tuple[float, float]:
        """Under torchrun: each rank scores its slice with rank 0's BN statistics; the sums are shared,
        so every rank gets the same figures (and takes the same decisions on them)."""
        place = distributed.place()
        distributed.same_buffers(self.model)
        part = distributed.chunk(len(x), place.rank, place.world_size)
        loss_sum = correct = 0.0
        if part.stop > part.start:
            with torch.inference_mode():
                logits = self._logits(x[part], batch_size)
                labels = torch.as_tensor(np.asarray(y[part], dtype=np.int64), device=self.device)
                loss_sum = F.cross_entropy(logits, labels, reduction="sum").item()
                correct = (logits.argmax(dim=1) == labels).sum().item()
        loss_sum, correct = distributed.sum_across([loss_sum, correct], self.device)
        return loss_sum / len(x), correct / len(x)

    # -- weights

    def save_weights(self, path: Path) -> None:
        with atomic_path(path) as tmp:
            torch.save(self.model.state_dict(), tmp)

    def load_weights(self, path: Path) -> None:
        state = _load_file(path)
        if isinstance(state, dict) and "model" in state and "optimizer" in state:
            state = state["model"]     # a checkpoint: take its weights
        self._load_state(state, path)

    def _load_state(self, state, path: Path) -> None:
        problem = _state_mismatch(self.model.state_dict(), state)
        if problem is None:
            try:
                self.model.load_state_dict(state)
            except (RuntimeError, TypeError, AttributeError) as error:
                problem = first_line(error)
        if problem is not None:
            raise ModelError(f"These weights do not fit the {self.spec.name} architecture "
                             f"({Path(path).name}: {problem[:200]}).") from None

    # -- training

    def _make_optimizer(self, config: FitConfig) -> torch.optim.Optimizer:
        kernels, others = [], []
        for name, parameter in self.model.named_parameters():
            (kernels if _is_kernel(name, parameter) else others).append(parameter)
        # An L2 penalty l2·Σw² on kernels has gradient 2·l2·w: torch's (coupled) weight_decay.
        groups = [group for group in ({"params": kernels, "weight_decay": 2.0 * config.l2},
                                      {"params": others, "weight_decay": 0.0}) if group["params"]]
        lr = config.learning_rate
        # Keras' defaults for epsilon, rho and the Adagrad accumulator, so both engines train alike.
        # Fused kernels (one pass over all parameters) measured 3-6× faster than the default on CPU.
        makers: dict[str, Callable[[], torch.optim.Optimizer]] = {
            "sgd": lambda: torch.optim.SGD(groups, lr=lr, fused=True),
            "momentum": lambda: torch.optim.SGD(groups, lr=lr, momentum=config.momentum, fused=True),
            "adagrad": lambda: torch.optim.Adagrad(groups, lr=lr, initial_accumulator_value=0.1, eps=1e-7,
                                                   fused=True),
            "rmsprop": lambda: torch.optim.RMSprop(groups, lr=lr, alpha=0.9, eps=1e-7),
            "adam": lambda: torch.optim.Adam(groups, lr=lr, eps=1e-7, fused=True),
            "adadelta": lambda: torch.optim.Adadelta(groups, lr=lr, rho=0.95, eps=1e-7),
        }
        if config.optimizer not in makers:
            raise ValueError(f"unknown optimizer {config.optimizer!r} (use {', '.join(makers)})")
        return makers[config.optimizer]()

    def fit(self, train, val, config: FitConfig, on_event: EventCallback,
            should_stop: Callable[[], bool] = lambda: False, checkpoint_dir: Path | None = None,
            resume: bool = False) -> list[dict]:
        """Train; returns every epoch event of the run (including those before a resume). Under torchrun
        (core.distributed) config.batch_size is the global batch: each of the N ranks trains 1/N of it
        and DistributedDataParallel averages the gradients, so the learning rate means what it means alone."""
        self.loss = config.loss
        self.optimizer = self._make_optimizer(config)
        self._trainer = self._data_parallel(config)
        self._resident = None
        return run_fit(self, train, val, config, on_event, should_stop, checkpoint_dir, resume,
                       seed=torch.manual_seed, train_epoch=self._train_epoch,
                       load_checkpoint=self._load_checkpoint, save_checkpoint=self._save_checkpoint)

    def _data_parallel(self, config: FitConfig) -> nn.Module:
        """The module that trains: this model, or under torchrun the model in DistributedDataParallel."""
        place = distributed.place()
        if not distributed.is_active():
            return self.model
        if config.batch_size % place.world_size:
            raise UserError(f"The batch size {config.batch_size} is the global batch; it must be a multiple "
                            f"of the {place.world_size} processes.")
        device_ids = [self.device.index] if self.device.type == "cuda" else None
        return nn.parallel.DistributedDataParallel(self.model, device_ids=device_ids)

    def _epoch_batches(self, run: FitRun, epoch: int, x, y):
        """Random access to this epoch's (inputs, labels) tensors on the device, in the order of
        EpochBatches (the same permutation from the same generator), this rank's share under torchrun.
        Without augmentation the images stay on the device as one uint8 tensor and a batch is one gather
        (no per-batch numpy copies)."""
        config, place = run.config, distributed.place() if distributed.is_active() else distributed.Place()
        batch_size = config.batch_size // place.world_size
        rng = epoch_rng(config.seed, epoch)
        if config.augment.enabled or self.spec.is_sequence:
            if place.is_distributed:
                order = distributed.shard(rng.permutation(len(x)), place.rank, place.world_size)
                x, y = x[order], y[order]
            batches = training_batches(self.spec, x, y, batch_size, shuffle=not place.is_distributed, rng=rng,
                                       augment=config.augment)
            return lambda index: tuple(self._batch_tensors(*batches[index]))
        images, labels = self._resident_data(x, y)
        order = torch.from_numpy(distributed.shard(rng.permutation(len(x)), place.rank, place.world_size))
        order = order.to(self.device)

        def batch(index: int):
            rows = order[index * batch_size:(index + 1) * batch_size]
            picked = images.index_select(0, rows)
            inputs = picked.float().mul_(_SCALE) if picked.dtype == torch.uint8 else picked
            return inputs.permute(0, 3, 1, 2), labels.index_select(0, rows)
        return batch

    def _batch_tensors(self, images: np.ndarray, labels: np.ndarray):
        return self._to_tensor(images), torch.from_numpy(labels).to(self.device, non_blocking=True)

    def _resident_data(self, x: np.ndarray, y: np.ndarray):
        """The training set on the device once per fit: NHWC images as they are (uint8 stays uint8)."""
        if self._resident is None or self._resident[0] is not x:
            images = torch.from_numpy(np.ascontiguousarray(x)).to(self.device)
            labels = torch.from_numpy(np.asarray(y, dtype=np.int64)).to(self.device)
            self._resident = (x, images, labels)
        return self._resident[1:]

    def _train_epoch(self, run: FitRun, epoch: int, x, y, should_stop, last: Path | None
                     ) -> tuple[float, int] | None:
        """One epoch from run.begin_epoch's batch: (loss sum, correct), or None when a stop ended it.
        Under torchrun the sums are over all ranks, and a stop asked of any rank stops all of them."""
        config = run.config
        batch = self._epoch_batches(run, epoch, x, y)
        shared = distributed.is_active()
        ranks = distributed.place().world_size if shared else 1
        self.model.train()
        loss_sum = torch.zeros((), device=self.device)
        correct = torch.zeros((), dtype=torch.float32 if config.loss == "mse" else torch.int64, device=self.device)
        lr = None
        for index in range(run.begin_epoch(epoch), run.batches):
            if distributed.any_rank(should_stop(), self.device) if shared else should_stop():
                loss_total, correct_total = distributed.sum_across([loss_sum.item(), correct.item()], self.device)
                event = run.stop(epoch, index, loss_total, _total(correct_total, config))
                if last is not None:
                    self._save_checkpoint(last, run.state)
                run.on_event(event)
                return None
            if config.schedule != "constant" or lr is None:
                lr = run.learning_rate(epoch, index)
                for group in self.optimizer.param_groups:
                    group["lr"] = lr
            inputs, target = batch(index)
            logits = self._trainer(inputs)
            loss = _loss(logits, target, config.loss, config.label_smoothing)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            loss_sum += loss.detach() * len(target)
            correct += _metric_sum(logits.detach(), target, config.loss)
            if run.batch_due(index):   # this rank's sums stand for all ranks' (rank 0 alone reports)
                run.report_batch(epoch, index, loss_sum.item() * ranks, correct.item() * ranks)
        loss_total, correct_total = distributed.sum_across([loss_sum.item(), correct.item()], self.device)
        return loss_total, _total(correct_total, config)

    # -- checkpoints (torch.save of tensors and plain values; loaded with weights_only=True)

    def _save_checkpoint(self, path: Path, state: FitState) -> bool:
        """Write a checkpoint; False (nothing written) when the weights are no longer finite, or on a
        rank other than 0 under torchrun (rank 0's checkpoint is the run's; every rank resumes from it)."""
        if not distributed.is_main():
            return False
        if not all(bool(torch.isfinite(p).all()) for p in self.model.parameters()):
            return False
        payload = {"model": self.model.state_dict(), "optimizer": self.optimizer.state_dict(),
                   "optimizer_kind": type(self.optimizer).__name__,
                   "state": json.dumps(state.to_dict()), "architecture": self.spec.name,
                   "torch_rng": torch.get_rng_state()}
        if self.device.type == "cuda":
            payload["cuda_rng"] = torch.cuda.get_rng_state(self.device)
        with atomic_path(path) as tmp:
            torch.save(payload, tmp)
        return True

    def _load_checkpoint(self, path: Path) -> FitState:
        payload = _load_file(path)
        kind = type(self.optimizer).__name__
        if payload.get("optimizer_kind") != kind:
            raise ModelError(f"The checkpoint {path} was made with the {payload.get('optimizer_kind')} optimizer, "
                             f"not {kind}; resume with the same optimizer.")
        try:
            self._load_state(payload["model"], path)
            settings = [{key: value for key, value in group.items() if key != "params"}
                        for group in self.optimizer.param_groups]
            self.optimizer.load_state_dict(payload["optimizer"])
            for group, setting in zip(self.optimizer.param_groups, settings):
                group.update(setting)   # the moments come from the checkpoint, the settings from this run
            torch.set_rng_state(payload["torch_rng"])
            if "cuda_rng" in payload and self.device.type == "cuda":
                torch.cuda.set_rng_state(payload["cuda_rng"], self.device)
            return FitState.from_dict(json.loads(payload["state"]))
        except (KeyError, TypeError, ValueError) as error:
            raise ModelError(f"The checkpoint {path} cannot be resumed with these settings ({error}).") from None


    # -- inside the network (core.insight)

    def _one_image(self, x: np.ndarray) -> torch.Tensor:
        """One (H, W, C) image as a float32 batch of one on the device (NCHW view)."""
        batch = to_float(check_inputs(np.asarray(x)[None], self.spec.input_shape, self.spec.name))
        return self._to_tensor(np.ascontiguousarray(batch))

    def layer_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """Every spec layer's output for one image (H, W, C): channels last, without the batch axis."""
        self.model.eval()
        outputs = []
        with torch.inference_mode():
            y = self._one_image(x)
            for module in self.model.children():
                y = module(y)
                outputs.append(_channels_last(y[0]))
        return outputs

    def target_gradient(self, x: np.ndarray, target: int, layer_index: int | None) -> tuple[np.ndarray, np.ndarray]:
        """The output of layer `layer_index` (None: the input) for one image, and the gradient of class
        `target`'s logit with respect to it; both channels last, without the batch axis."""
        self.model.eval()
        y = self._one_image(x).detach().clone().requires_grad_(True)
        watched = y
        for index, module in enumerate(self.model.children()):
            y = module(y)
            if index == layer_index:
                watched = y
        gradient, = torch.autograd.grad(y[0, target], watched)
        return _channels_last(watched.detach()[0]), _channels_last(gradient[0])

    def first_kernels(self) -> np.ndarray | None:
        """The first layer's convolution kernels as (k, k, in, out), or None when it is not a convolution."""
        first = next(iter(self.model.children()))
        convs = [m for m in first.modules() if isinstance(m, nn.Conv2d)]
        if self.spec.layers[0]["type"] not in ("conv", "sepconv") or not convs:
            return None
        return convs[0].weight.detach().cpu().numpy().transpose(2, 3, 1, 0)


def _total(metric_sum: float, config: FitConfig) -> float:
    """A summed metric as the bookkeeping keeps it: whole correct answers, or summed errors as they are."""
    return float(metric_sum) if config.loss == "mse" else int(metric_sum)


def _state_mismatch(expected: dict, found) -> str | None:
    """The first difference between the model's state dict and a loaded one, in words (None: they fit)."""
    if not isinstance(found, dict) or not all(isinstance(v, torch.Tensor) for v in found.values()):
        return "not a state dict of tensors"
    missing = [key for key in expected if key not in found]
    unexpected = [key for key in found if key not in expected]
    if missing or unexpected:
        return (f"the file has {len(found)} tensors where {len(expected)} are expected; "
                + (f"missing {missing[0]}" if missing else f"unexpected {unexpected[0]}"))
    for key, tensor in expected.items():
        if tuple(found[key].shape) != tuple(tensor.shape):
            return f"{key} is {tuple(found[key].shape)} in the file, {tuple(tensor.shape)} here"
    return None


def _channels_last(tensor: torch.Tensor) -> np.ndarray:
    """(C, H, W) → (H, W, C) numpy; vectors unchanged."""
    array = tensor.detach().float().cpu().numpy()
    return array.transpose(1, 2, 0) if array.ndim == 3 else array


def _load_file(path: Path):
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise ModelError(f"There is no weights file at {path}.") from None
    except Exception as error:   # torch raises many kinds for damaged or unsafe files
        raise ModelError(f"{Path(path).name} is not a readable PyTorch weights file ({type(error).__name__}).") from None


def _input_batches(spec: zoo.ModelSpec, x: np.ndarray, batch_size: int):
    """Unshuffled float32 batches: images as NHWC (iterate_inputs), sequences as they are."""
    if not spec.is_sequence:
        return iterate_inputs(x, batch_size)
    return (np.asarray(x[start:start + batch_size], np.float32) for start in range(0, len(x), batch_size))


def _pick_device(requested: str) -> torch.device:
    check_device(requested)
    if requested == "cuda" and not torch.cuda.is_available():
        raise ModelError("CUDA was asked for, but PyTorch sees no CUDA GPU here; use --device cpu or auto.")
    if requested == "cpu" or not torch.cuda.is_available():
        return torch.device("cpu")
    return torch.device("cuda", torch.cuda.current_device())
