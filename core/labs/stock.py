"""Chapter 6, the next day's price: the course's recurrent network on the Maotai daily prices, with
an honest yardstick beside it.

The course's recipe: the prices of one column (the course reads `open`; `close` here by default), the
last 300 days kept for testing, min-max scaling fitted on the training days only, windows of 60 days
predicting the 61st, SimpleRNN(80, sequences) → dropout 0.2 → SimpleRNN(100) → dropout 0.2 → dense 1
(or the same with LSTM or GRU), Adam at 0.001, batches of 64, 50 epochs; predictions turned back into
prices before MSE, RMSE and MAE are taken. Each of the 300 test days is predicted from the 60 real
prices before it (the first windows reach back into the training days: those prices are known by then).

"Tomorrow = today" predicts each test day's price as the day before's. A one-step forecast that mostly
copies the last price looks convincing on a plot; this baseline, scored on the same days, says whether
the network learnt more than that. The recursive forecast feeds the network its own predictions from
the first test day on, for `forecast_days` days, to show how errors grow when it cannot peek.

With a checkpoint folder each cell trains through the engine's fit instead of the short loop (one
subfolder per cell; last and best checkpoints, best by MAE on the test windows as the course's
ModelCheckpoint watches its validation data; stop and resume exactly). Both ways draw the same shuffles,
weights and dropout masks, so they report the same numbers.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable, Iterator

import numpy as np

from core import paths, zoo
from core.data.time_series import Series, read_series
from core.engines.base import epoch_rng
from core.events import CHECKPOINT, EPOCH, FINISHED, LOG, SNAPSHOT, STOPPED, event
from core.fileio import UserError
from core.labs.common import ENGINES, Every, check_settings, one_torch_thread, option, seed_everything
from core.labs.recurrent import CHECKPOINT_HELP, RESUME_HELP, checkpoint_folder

COURSE_PRICES = paths.RESOURCES / "data" / "SH600519.csv"
CELL_NAMES = tuple(zoo.CELLS)            # rnn, lstm, gru
SNAPSHOT_SECONDS = 0.5                   # the prediction curve redrawn twice a second while training
PREDICT_BATCH = 512


@dataclass(frozen=True)
class Settings:
    data: str = option("", "a CSV file with a header row; empty = the course's Maotai prices (SH600519.csv)",
                       label="Data (CSV)")
    column: str = option("close", "the price column, by name (any case)", label="Price column")
    date_column: str = option("date", "the date column, by name (any case)", label="Date column")
    window: int = option(60, "days of prices the network reads to predict the next (the course's 60)",
                         low=2, high=1000)
    test_days: int = option(300, "the last days, kept for testing (the course's 300)", low=1, high=100_000)
    cells: tuple = option(("rnn",), "the cells to train one after the other: rnn (SimpleRNN), lstm, gru",
                          choices=CELL_NAMES, flag="--cell", label="Cells")
    units1: int = option(80, "units of the first recurrent layer (the course's 80)", low=1, high=1024,
                         label="First layer units")
    units2: int = option(100, "units of the second recurrent layer (the course's 100)", low=1, high=1024,
                         label="Second layer units")
    dropout: float = option(0.2, "dropout after each recurrent layer (the course's 0.2)", low=0.0, high=0.9)
    epochs: int = option(50, "passes over the training windows (the course's 50)", low=1, high=10_000)
    batch_size: int = option(64, "windows per step (the course's 64)", low=1, high=4096, label="Batch size")
    lr: float = option(0.001, "Adam's learning rate (the course's 0.001)", low=1e-6, high=1.0, label="Learning rate")
    forecast_days: int = option(30, "days of the recursive forecast from the first test day (its own "
                                "predictions fed back); 0 = none", low=0, high=100_000, label="Forecast days")
    engine: str = option("torch", "which framework trains", choices=ENGINES)
    seed: int = option(7, "seed of the starting weights and the shuffling (the course's 7)", low=0, high=2**31 - 1)
    checkpoint_dir: str = option("", CHECKPOINT_HELP, label="Checkpoint folder")
    resume: bool = option(False, RESUME_HELP)


# ---- the data ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Windows:
    series: Series
    scaler: object                 # sklearn MinMaxScaler, fitted on the training days only
    scaled: np.ndarray             # every price, scaled by it (float32)
    first_test: int                # index of the first test day
    x_train: np.ndarray            # (windows, window, 1) float32
    y_train: np.ndarray            # (windows,) float32, scaled
    x_test: np.ndarray             # (test_days, window, 1)

    @property
    def test_prices(self) -> np.ndarray:
        return self.series.values[self.first_test:]


def load_series(settings: Settings) -> Series:
    return read_series(settings.data or COURSE_PRICES, settings.date_column, settings.column)


def make_windows(series: Series, window: int, test_days: int) -> Windows:
    """The course's windows, scaled by a MinMaxScaler fitted on the days before the test period."""
    from sklearn.preprocessing import MinMaxScaler

    check_lengths(len(series.values), window, test_days, series.value_column)
    first_test = len(series.values) - test_days
    prices = series.values.reshape(-1, 1)
    scaler = MinMaxScaler(feature_range=(0, 1)).fit(prices[:first_test])
    scaled = scaler.transform(prices)[:, 0].astype(np.float32)
    x_train = _windows(scaled, range(window, first_test), window)
    x_test = _windows(scaled, range(first_test, len(scaled)), window)
    return Windows(series, scaler, scaled, first_test, x_train, scaled[window:first_test], x_test)


def check_lengths(rows: int, window: int, test_days: int, column: str = "price") -> None:
    if window >= rows:
        raise UserError(f"The window ({window} days) is longer than the data ({rows} usable rows of '{column}').")
    if rows < window + test_days + 1:
        raise UserError(f"{rows} usable rows are too few for a {window}-day window and {test_days} test days "
                        f"(at least {window + test_days + 1} are needed): shorten one of them.")


def _windows(scaled: np.ndarray, targets: range, window: int) -> np.ndarray:
    return np.stack([scaled[i - window:i] for i in targets])[:, :, None]


# ---- the scores ------------------------------------------------------------------------------------

def scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """MSE, RMSE and MAE in the prices' own units (sklearn.metrics)."""
    from sklearn.metrics import mean_absolute_error, mean_squared_error

    if not np.isfinite(predicted).all():
        return {"mse": math.nan, "rmse": math.nan, "mae": math.nan}
    mse = float(mean_squared_error(truth, predicted))
    return {"mse": mse, "rmse": math.sqrt(mse), "mae": float(mean_absolute_error(truth, predicted))}


def baseline_predictions(prices: np.ndarray, first_test: int) -> np.ndarray:
    """Tomorrow = today: each test day's price predicted as the day before's."""
    return prices[first_test - 1:-1]


def verdict(model_rmse: float, baseline_rmse: float) -> str:
    """One plain sentence: better than "tomorrow = today" or not, and by how much (RMSE)."""
    if not math.isfinite(model_rmse):
        return "The network's predictions are not numbers: it diverged."
    change = (model_rmse - baseline_rmse) / baseline_rmse * 100 if baseline_rmse else 0.0
    if change < 0:
        return (f"Better than 'tomorrow = today': RMSE {model_rmse:.4g} against {baseline_rmse:.4g} "
                f"({-change:.1f}% lower).")
    return (f"Not better than 'tomorrow = today': RMSE {model_rmse:.4g} against {baseline_rmse:.4g} "
            f"({change:.1f}% higher) — copying yesterday's price would do as well.")


# ---- the loops the Course tab shows -------------------------------------------------------------

def torch_train_step(model, optimizer, x, y) -> float:
    """One step in PyTorch: a batch of 60-day windows → next day's (scaled) price, MSE."""
    import torch.nn.functional as F
    prediction = model(x)[:, 0]                              # cell(80) → dropout → cell(100) → dropout → dense(1)
    loss = F.mse_loss(prediction, y)                         # the course's mean_squared_error
    optimizer.zero_grad()
    loss.backward()                                          # back through the 60 days of each window
    optimizer.step()                                         # Adam, lr 0.001
    return loss.item()


def keras_train_step(model, optimizer, x, y):
    """The same step in TensorFlow with a GradientTape (compiled by tf.function)."""
    import tensorflow as tf
    with tf.GradientTape() as tape:
        prediction = model(x, training=True)[:, 0]           # cell(80) → dropout → cell(100) → dropout → dense(1)
        loss = tf.reduce_mean(tf.square(prediction - y))     # the course's mean_squared_error
    grads = tape.gradient(loss, model.trainable_variables)   # back through the 60 days of each window
    optimizer.apply_gradients(zip(grads, model.trainable_variables))   # Adam, lr 0.001
    return loss


def to_prices(scaler, scaled: np.ndarray) -> np.ndarray:
    """Scaled predictions back into prices (the scaler fitted on the training days)."""
    return scaler.inverse_transform(np.asarray(scaled, dtype=np.float64).reshape(-1, 1))[:, 0]


CODE = [torch_train_step, keras_train_step, to_prices, baseline_predictions]
KEY_LINES = {
    "prediction = model(x)": "Each window of 60 scaled prices runs through the two recurrent layers; the dense "
                             "layer reads the last hidden state and gives one number",
    "F.mse_loss": "Mean squared error against the real next-day price (scaled to 0..1)",
    "tf.reduce_mean(tf.square": "Mean squared error against the real next-day price (scaled to 0..1)",
    "loss.backward()": "Backpropagation through time over the window's 60 steps",
    "tape.gradient": "Backpropagation through time over the window's 60 steps",
    "inverse_transform": "Scores are taken in prices, not in the scaled 0..1 units",
    "prices[first_test - 1:-1]": "The yardstick: tomorrow's price = today's price",
}


# ---- the two engines ------------------------------------------------------------------------------

class _Torch:
    def __init__(self, spec: zoo.ModelSpec, settings: Settings):
        import torch
        from core.engines.torch_engine import build_module
        self.model = build_module(spec)
        torch.manual_seed(settings.seed)   # dropout's masks from the seed, as the engine's fit draws them
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=settings.lr, eps=1e-7)   # Keras' epsilon

    def step(self, x: np.ndarray, y: np.ndarray) -> float:
        import torch
        self.model.train()
        return torch_train_step(self.model, self.optimizer, torch.from_numpy(x), torch.from_numpy(y))

    def predict(self, x: np.ndarray) -> np.ndarray:
        import torch
        self.model.eval()
        with torch.no_grad():
            return np.concatenate([self.model(torch.from_numpy(x[i:i + PREDICT_BATCH]))[:, 0].numpy()
                                   for i in range(0, len(x), PREDICT_BATCH)])


class _Keras:
    def __init__(self, spec: zoo.ModelSpec, settings: Settings):
        import keras
        import tensorflow as tf
        from core.engines.keras_engine import build_model, seed_dropout
        keras.utils.set_random_seed(settings.seed)
        self.model = build_model(spec)
        seed_dropout(self.model, settings.seed)   # dropout's masks from the seed, as the engine's fit draws them
        self.optimizer = keras.optimizers.Adam(settings.lr)
        self._step = tf.function(lambda x, y: keras_train_step(self.model, self.optimizer, x, y),
                                 reduce_retracing=True)
        self._infer = tf.function(lambda x: self.model(x, training=False)[:, 0], reduce_retracing=True)

    def step(self, x: np.ndarray, y: np.ndarray) -> float:
        return float(self._step(x, y))

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.concatenate([self._infer(x[i:i + PREDICT_BATCH]).numpy() for i in range(0, len(x), PREDICT_BATCH)])


MODELS = {"torch": _Torch, "keras": _Keras}


class _Fitted:
    """A cell trained by the engine's fit, predicting as _Torch and _Keras do (scaled prices, (N,))."""

    def __init__(self, engine):
        self.engine = engine

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.engine.predict(x, PREDICT_BATCH)[:, 0]


def recursive_forecast(model, windows: Windows, window: int, days: int) -> np.ndarray:
    """Scaled predictions for `days` days from the first test day, each fed back as the next input."""
    history = list(windows.scaled[windows.first_test - window:windows.first_test])
    for _ in range(days):
        x = np.array(history[-window:], dtype=np.float32)[None, :, None]
        history.append(float(model.predict(x)[0]))
    return np.array(history[window:], dtype=np.float64)


# ---- the lab ------------------------------------------------------------------------------------

def load_engine(engine: str) -> None:
    """Import the engine before one_torch_thread: the torch engine sets torch's thread count when it is
    first imported, which would undo the one thread (measured: the first stock epoch took 45 s, not 1 s)."""
    if engine == "torch":
        import core.engines.torch_engine  # noqa: F401
    else:
        import core.engines.keras_engine  # noqa: F401


def run(settings: Settings, should_stop: Callable[[], bool] = lambda: False) -> Iterator[dict]:
    """The cells one after the other: EPOCH events (cell, loss, test_loss in scaled units), SNAPSHOTs
    of the test-day predictions in prices (the first one carries the series), then FINISHED with the
    best cell's scores beside the baseline's and a row per cell in `results`."""
    check_settings(settings)
    series = load_series(settings)
    windows = make_windows(series, settings.window, settings.test_days)
    truth = windows.test_prices
    baseline = scores(truth, baseline_predictions(series.values, windows.first_test))
    yield event(SNAPSHOT, dates=series.dates, prices=series.values, first_test=windows.first_test,
                baseline=baseline, column=series.value_column, skipped_rows=series.skipped_rows)
    if series.skipped_rows:
        yield event(LOG, message=f"{series.skipped_rows} rows skipped (missing or unreadable date or price).")
    started, results, stopped = time.perf_counter(), [], False
    # One torch thread: a batch step of the course's SimpleRNN took 0.05 s on one, 0.9 s on two
    # (measured on the busy 2-core machine: OpenMP threads wait on each other at every time step).
    load_engine(settings.engine)
    with one_torch_thread(settings.engine):
        for cell in settings.cells:
            folder = checkpoint_folder(settings, cell)
            train = _train_cell if folder is None else _fit_cell
            outcome = yield from train(cell, settings, windows, should_stop, folder)
            if outcome is None:
                stopped = True
                break
            results.append(outcome)
    best = min(results, key=lambda row: row["rmse"] if math.isfinite(row["rmse"]) else math.inf, default=None)
    shown = {key: best[key] for key in ("cell", "mse", "rmse", "mae")} if best else \
        {"cell": None, "mse": math.nan, "rmse": math.nan, "mae": math.nan}
    yield event(FINISHED, **shown, baseline=baseline, test_points=len(truth), skipped_rows=series.skipped_rows,
                verdict=verdict(shown["rmse"], baseline["rmse"]) if best else "",
                results=[{key: row[key] for key in ("cell", "mse", "rmse", "mae", "forecast_rmse", "seconds")}
                         for row in results], engine=settings.engine,
                train_seconds=time.perf_counter() - started, stopped=stopped)


def _spec(cell: str, settings: Settings) -> zoo.ModelSpec:
    return zoo.stock_spec(cell, settings.window, (settings.units1, settings.units2), settings.dropout)


def _train_cell(cell: str, settings: Settings, windows: Windows, should_stop, folder: None = None):
    """Train one cell by the short loop (a generator of its events); its result row, or None when a stop ended it."""
    seed_everything(settings.seed, settings.engine)
    model = MODELS[settings.engine](_spec(cell, settings), settings)
    snapshot_due, started = Every(SNAPSHOT_SECONDS), time.perf_counter()
    y_test_scaled = windows.scaled[windows.first_test:]
    for epoch in range(1, settings.epochs + 1):
        order = epoch_rng(settings.seed, epoch).permutation(len(windows.x_train))   # the engine's fit draws the same
        losses = []
        for start in range(0, len(order), settings.batch_size):
            if should_stop():
                return None
            batch = order[start:start + settings.batch_size]
            losses.append(model.step(windows.x_train[batch], windows.y_train[batch]) * len(batch))
        predicted = model.predict(windows.x_test)
        yield event(EPOCH, cell=cell, epoch=epoch, epochs=settings.epochs, loss=sum(losses) / len(order),
                    test_loss=float(np.mean((predicted - y_test_scaled) ** 2)),
                    seconds=time.perf_counter() - started)
        if snapshot_due(force=epoch == settings.epochs):
            yield event(SNAPSHOT, cell=cell, epoch=epoch, predictions=to_prices(windows.scaler, predicted))
    return (yield from _result(cell, settings, windows, model, predicted, started))


def _fit_cell(cell: str, settings: Settings, windows: Windows, should_stop, folder):
    """Train one cell through the engine's fit with checkpoints in `folder` (resumed when settings.resume),
    streaming the short loop's events; its result row, or None when a stop ended it."""
    from core.config import FitConfig
    from core.engines.base import fit_events
    from core.engines.factory import create_engine

    seed_everything(settings.seed, settings.engine)
    if settings.engine == "keras":
        import keras
        keras.utils.set_random_seed(settings.seed)   # as _Keras: the same starting weights
    engine = create_engine(settings.engine, _spec(cell, settings), "cpu")   # the short loop's device too
    model, started, snapshot_due = _Fitted(engine), time.perf_counter(), Every(SNAPSHOT_SECONDS)
    config = FitConfig(epochs=settings.epochs, batch_size=settings.batch_size, optimizer="adam",
                       learning_rate=settings.lr, loss="mse", seed=settings.seed)
    test = (windows.x_test, windows.scaled[windows.first_test:])

    def predict_when_due(item: dict) -> dict:   # on the fit's thread, while it waits: this epoch's weights
        if item["event"] == EPOCH and snapshot_due(force=item["epoch"] == settings.epochs):
            return {"predictions": to_prices(windows.scaler, model.predict(windows.x_test))}
        return {}

    for item in fit_events(engine, (windows.x_train, windows.y_train), test, config, should_stop, folder,
                           settings.resume, prepare=predict_when_due):
        if item["event"] == STOPPED:
            return None
        if item["event"] == CHECKPOINT:
            yield item
        if item["event"] == EPOCH:
            yield event(EPOCH, cell=cell, epoch=item["epoch"], epochs=settings.epochs, loss=item["loss"],
                        test_loss=item["val_loss"], seconds=time.perf_counter() - started)
            if "predictions" in item:
                yield event(SNAPSHOT, cell=cell, epoch=item["epoch"], predictions=item["predictions"])
    return (yield from _result(cell, settings, windows, model, model.predict(windows.x_test), started))


def _result(cell: str, settings: Settings, windows: Windows, model, predicted: np.ndarray, started: float):
    """A trained cell's row: scores in prices and the recursive forecast (and its last SNAPSHOT, yielded)."""
    prices = to_prices(windows.scaler, predicted)
    days = min(settings.forecast_days, settings.test_days)
    forecast = to_prices(windows.scaler, recursive_forecast(model, windows, settings.window, days)) if days \
        else np.zeros(0)
    forecast_rmse = scores(windows.test_prices[:days], forecast)["rmse"] if days else math.nan
    yield event(SNAPSHOT, cell=cell, epoch=settings.epochs, predictions=prices, forecast=forecast)
    return {"cell": cell, **scores(windows.test_prices, prices), "forecast_rmse": forecast_rmse, "forecast": forecast,
            "seconds": time.perf_counter() - started}
