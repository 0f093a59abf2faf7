"""A trained recurrent cell, from either engine, run step by step in numpy: what the Course tab's heat
maps show (the hidden state at each step; for an LSTM also its cell state and input, forget and output
gates; for a GRU its update and reset gates).

The weights are taken into one layout, Keras' (kernel (inputs, gates·units), recurrent kernel
(units, gates·units), gates in Keras' order: LSTM i f c o, GRU z r h), so one short function per cell
does the arithmetic for both engines. The tests check that it gives the framework's own outputs.

Also what the letters and stock labs share about training with checkpoints: their short loop stays the
one the Course tab shows; with a checkpoint folder they train through the engine's fit instead (events,
atomic last/best checkpoints, exact resume), with the same numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.fileio import UserError

CHECKPOINT_HELP = ("a folder for checkpoints (last and best, after every epoch): training then runs through "
                   "the engine's fit, which a stop leaves resumable; empty = the short loop shown")
RESUME_HELP = "continue from the last checkpoint in the checkpoint folder (a finished run just reports again)"

# The gates each cell reports, in Keras' order ("candidate" is the proposed new content, not a gate proper).
GATES = {"simple_rnn": (), "lstm": ("input gate", "forget gate", "candidate", "output gate"),
         "gru": ("update gate", "reset gate", "candidate")}
_TORCH_TO_KERAS_GRU = (1, 0, 2)   # torch stacks r z n, Keras z r h


@dataclass(frozen=True)
class CellWeights:
    kind: str                  # simple_rnn | lstm | gru
    kernel: np.ndarray         # (inputs, gates·units)
    recurrent: np.ndarray      # (units, gates·units)
    bias: np.ndarray           # (gates·units,)
    recurrent_bias: np.ndarray  # (gates·units,): zeros but for the GRU

    @property
    def units(self) -> int:
        return self.recurrent.shape[0]


def torch_cell_weights(module) -> CellWeights:
    """From core.engines.torch_engine.Recurrent (torch keeps (gates·units, inputs) matrices)."""
    cell = module.cell
    arrays = [getattr(cell, name).detach().cpu().numpy().astype(np.float64)
              for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")]
    kernel, recurrent, bias, recurrent_bias = arrays[0].T, arrays[1].T, arrays[2], arrays[3]
    if module.kind == "gru":
        kernel, recurrent, bias, recurrent_bias = (_reorder(a, _TORCH_TO_KERAS_GRU)
                                                   for a in (kernel, recurrent, bias, recurrent_bias))
    return CellWeights(module.kind, kernel, recurrent, bias, recurrent_bias)


def keras_cell_weights(layer) -> CellWeights:
    """From a Keras SimpleRNN, LSTM or GRU layer (a reset_after GRU keeps its two biases as (2, 3·units))."""
    kind = {"SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru"}[type(layer).__name__]
    kernel, recurrent, bias = (np.asarray(w, dtype=np.float64) for w in layer.get_weights())
    recurrent_bias = np.zeros_like(bias)
    if bias.ndim == 2:
        bias, recurrent_bias = bias
    return CellWeights(kind, kernel, recurrent, bias, recurrent_bias)


def _reorder(array: np.ndarray, order: tuple[int, ...]) -> np.ndarray:
    blocks = np.split(array, len(order), axis=-1)
    return np.concatenate([blocks[i] for i in order], axis=-1)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def run_cell(weights: CellWeights, inputs: np.ndarray) -> dict[str, np.ndarray]:
    """The cell over inputs (timesteps, features) from a zero state: {"hidden state": (timesteps, units),
    and for an LSTM "cell state", for LSTM and GRU each of GATES[kind]}, one row per step."""
    step = {"simple_rnn": _rnn_step, "lstm": _lstm_step, "gru": _gru_step}[weights.kind]
    state = {"hidden state": np.zeros(weights.units), "cell state": np.zeros(weights.units)}
    rows: dict[str, list[np.ndarray]] = {}
    for x in np.asarray(inputs, dtype=np.float64):
        state = step(weights, x, state)
        for name, value in state.items():
            rows.setdefault(name, []).append(value)
    return {name: np.array(values) for name, values in rows.items()}


def _rnn_step(w: CellWeights, x: np.ndarray, state: dict) -> dict:
    return {"hidden state": np.tanh(x @ w.kernel + state["hidden state"] @ w.recurrent + w.bias)}


def _lstm_step(w: CellWeights, x: np.ndarray, state: dict) -> dict:
    z = x @ w.kernel + state["hidden state"] @ w.recurrent + w.bias
    i, f, g, o = np.split(z, 4)
    i, f, g, o = _sigmoid(i), _sigmoid(f), np.tanh(g), _sigmoid(o)
    c = f * state["cell state"] + i * g            # forget some of the memory, write some new
    return {"hidden state": o * np.tanh(c), "cell state": c, "input gate": i, "forget gate": f,
            "candidate": g, "output gate": o}


def _gru_step(w: CellWeights, x: np.ndarray, state: dict) -> dict:
    h = state["hidden state"]
    xz, xr, xh = np.split(x @ w.kernel + w.bias, 3)
    hz, hr, hh = np.split(h @ w.recurrent + w.recurrent_bias, 3)
    z, r = _sigmoid(xz + hz), _sigmoid(xr + hr)
    candidate = np.tanh(xh + r * hh)               # reset_after: the reset gate scales U·h
    return {"hidden state": z * h + (1 - z) * candidate, "update gate": z, "reset gate": r,
            "candidate": candidate}


def checkpoint_folder(settings, *parts: str) -> Path | None:
    """Where a lab's checkpoints go (parts: a subfolder, e.g. the cell), or None for the short loop;
    resume without a folder is refused in plain words."""
    if not settings.checkpoint_dir:
        if settings.resume:
            raise UserError("Resuming needs the checkpoint folder of the run to continue (--checkpoint-dir).")
        return None
    return Path(settings.checkpoint_dir).expanduser().joinpath(*parts)
