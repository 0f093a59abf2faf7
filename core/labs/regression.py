"""The course's regressions, trained as it writes them, and wide & deep against scikit-learn.

Toys (`exercise`): linear `y = 2x + noise` trained step by step with Keras' `train_on_batch` (or its
torch twin: zero_grad, forward, backward, step); the non-linear `y = x² - 0.5 + noise` with a tanh
hidden layer; logistic regression on two or three clusters of points (sigmoid or softmax). Each sends
the fitted line or curve (or the predicted class over a grid) as it trains.

Wide & deep (`exercise="wide-deep"`): scikit-learn's diabetes data (offline) or any CSV with a numeric
target. As the course wires it, the wide input (the first five features) goes straight to the output
while the deep input (the features from the third on) passes two hidden layers:
`concatenate([wide, deep(hidden)]) → Dense(1)`, in Keras' functional API or as a torch module. It is
scored beside DummyRegressor, LinearRegression and MLPRegressor with MSE, RMSE, MAE and R² from
sklearn.metrics on the test split; optionally an Optuna search over the deep part's width and the
learning rate (core.labs.search).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from core.events import EPOCH, FINISHED, SNAPSHOT, event
from core.fileio import UserError
from core.labs import search as tuning
from core.labs.common import ENGINES, Every, check_settings, one_torch_thread, option, read_labelled_table, seed_everything

EXERCISES = ("wide-deep", "linear", "nonlinear", "logistic-binary", "logistic-3")
MODELS = ("linear", "mlp", "wide-deep")
WIDE_FEATURES = 5       # the course's wide input: the first five features
DEEP_FROM = 2           # ... its deep input: the features from the third on
SNAPSHOT_EVERY_S = 1 / 20


@dataclass(frozen=True)
class Settings:
    exercise: str = option("wide-deep", "wide-deep (the table), or one of the course's toy regressions",
                           choices=EXERCISES)
    data: str = option("diabetes", "wide & deep: diabetes, or a CSV file's path", label="Data")
    target: str = option("", "the numeric target column of a CSV, by name", label="Target column")
    models: tuple = option(MODELS, "the models in the table (DummyRegressor is always there)", choices=MODELS)
    engine: str = option("torch", "which framework trains the networks", choices=ENGINES)
    epochs: int = option(50, "wide & deep: passes over the training data", low=1, high=100_000)
    lr: float = option(0.001, "wide & deep: Adam's learning rate", low=1e-6, high=10.0, label="Learning rate")
    steps: int = option(301, "toys: train_on_batch steps (the course's 301)", low=1, high=1_000_000)
    step_lr: float = option(0.2, "toys: SGD's learning rate", low=1e-6, high=10.0, label="Toy learning rate")
    width: int = option(30, "units in each of the deep part's two hidden layers (toys: the hidden layer)",
                        low=1, high=4096)
    batch_size: int = option(32, "wide & deep: samples per step", low=1, high=100_000, label="Batch size")
    test_size: float = option(0.2, "share held out for the scores", low=0.05, high=0.9, label="Test share")
    seed: int = option(0, "seed of the data, the split and the starting weights", low=0, high=2**31 - 1)
    search: bool = option(False, "wide & deep: search the deep part's width and the learning rate")
    search_methods: tuple = option(tuning.OPTUNA_METHODS, "search methods, each with the same trial budget",
                                   choices=tuning.OPTUNA_METHODS, label="Methods")
    trials: int = option(10, "trials per search method", low=1, high=10_000)
    confirm_long: bool = option(False, "run a search even when it would take long", label="Confirm long search")


# ---- the toys -----------------------------------------------------------------------------------

def toy_data(exercise: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The course's toy data: x (n × 1 or n × 2, float32) and y."""
    rng = np.random.default_rng(seed)
    if exercise == "linear":
        x = rng.uniform(-1, 1, (200, 1))
        return x.astype(np.float32), (2 * x + rng.normal(0, 0.1, x.shape)).astype(np.float32)
    if exercise == "nonlinear":
        x = np.linspace(-1, 1, 200)[:, None]
        return x.astype(np.float32), (x ** 2 - 0.5 + rng.normal(0, 0.05, x.shape)).astype(np.float32)
    centres = np.array([[-1.5, -1.0], [1.5, 1.0], [-1.0, 1.8]])[:2 if exercise == "logistic-binary" else 3]
    labels = np.repeat(np.arange(len(centres)), 100)
    x = centres[labels] + rng.normal(0, 0.7, (len(labels), 2))
    return x.astype(np.float32), labels.astype(np.int64)


def keras_toy(exercise: str, width: int, lr: float):
    """The course's Keras model for a toy, compiled as it compiles it."""
    import keras
    layers = {"linear": [keras.layers.Dense(1)],
              "nonlinear": [keras.layers.Dense(width, activation="tanh"), keras.layers.Dense(1)],
              "logistic-binary": [keras.layers.Dense(1, activation="sigmoid")],
              "logistic-3": [keras.layers.Dense(3, activation="softmax")]}[exercise]
    loss = {"logistic-binary": "binary_crossentropy", "logistic-3": "sparse_categorical_crossentropy"}
    model = keras.Sequential([keras.Input((2 if exercise.startswith("logistic") else 1,))] + layers)
    model.compile(optimizer=keras.optimizers.SGD(lr), loss=loss.get(exercise, "mse"))
    return model


def keras_train_on_batch(model, x, y) -> float:
    """One step of the course's loop: `cost = model.train_on_batch(X, Y)`."""
    return float(model.train_on_batch(x, y))


def torch_toy(exercise: str, width: int):
    import torch
    inputs = 2 if exercise.startswith("logistic") else 1
    return {"linear": lambda: torch.nn.Linear(1, 1),
            "nonlinear": lambda: torch.nn.Sequential(torch.nn.Linear(1, width), torch.nn.Tanh(), torch.nn.Linear(width, 1)),
            "logistic-binary": lambda: torch.nn.Linear(inputs, 1),
            "logistic-3": lambda: torch.nn.Linear(inputs, 3)}[exercise]()


def torch_train_on_batch(model, optimizer, loss_fn, x, y) -> float:
    """train_on_batch in torch: forward, loss, backward, one optimizer step."""
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


class _TorchToy:
    def __init__(self, exercise: str, settings: Settings):
        import torch
        self.model = torch_toy(exercise, settings.width)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=settings.step_lr)
        losses = {"logistic-binary": torch.nn.BCEWithLogitsLoss(), "logistic-3": torch.nn.CrossEntropyLoss()}
        self.loss_fn = losses.get(exercise, torch.nn.MSELoss())
        self.exercise = exercise

    def step(self, x, y) -> float:
        import torch
        target = torch.from_numpy(y.astype(np.float32)[:, None] if self.exercise == "logistic-binary" else y)
        return torch_train_on_batch(self.model, self.optimizer, self.loss_fn, torch.from_numpy(x), target)

    def predict(self, x) -> np.ndarray:
        import torch
        with torch.no_grad():
            out = self.model(torch.from_numpy(x))
            if self.exercise == "logistic-binary":
                out = torch.sigmoid(out)
            elif self.exercise == "logistic-3":
                out = torch.softmax(out, dim=1)
            return out.numpy()

    def line(self) -> tuple[float, float]:
        return float(self.model.weight.item()), float(self.model.bias.item())


class _KerasToy:
    def __init__(self, exercise: str, settings: Settings):
        self.model = keras_toy(exercise, settings.width, settings.step_lr)
        self.exercise = exercise

    def step(self, x, y) -> float:
        target = y.astype(np.float32)[:, None] if self.exercise == "logistic-binary" else y
        return keras_train_on_batch(self.model, x, target)

    def predict(self, x) -> np.ndarray:
        return np.asarray(self.model(x))

    def line(self) -> tuple[float, float]:
        weights, bias = self.model.layers[-1].get_weights()
        return float(weights.ravel()[0]), float(bias.ravel()[0])


def run_toy(settings: Settings, should_stop: Callable[[], bool]) -> Iterator[dict]:
    """train_on_batch over the whole toy set, `epochs` times; snapshots of the fit as it goes."""
    exercise = settings.exercise
    seed_everything(settings.seed, settings.engine)
    x, y = toy_data(exercise, settings.seed)
    model = (_TorchToy if settings.engine == "torch" else _KerasToy)(exercise, settings)
    yield event(SNAPSHOT, what="toy", exercise=exercise, x=x, y=y, step=0, **_fit_picture(model, exercise, x))
    due, started, loss, step = Every(SNAPSHOT_EVERY_S), time.perf_counter(), float("nan"), 0
    while step < settings.steps and not should_stop():
        loss = model.step(x, y)
        step += 1
        if not math.isfinite(loss):
            raise UserError(f"The loss stopped being a number at step {step}: lower the learning rate "
                            f"(now {settings.step_lr:g}).")
        yield event(EPOCH, epoch=step, epochs=settings.steps, loss=loss, seconds=time.perf_counter() - started)
        if due(force=step == settings.steps):
            yield event(SNAPSHOT, what="toy", exercise=exercise, step=step, **_fit_picture(model, exercise, x))
    yield event(FINISHED, **_toy_results(model, exercise, x, y, loss), epochs_run=step, engine=settings.engine,
                train_seconds=time.perf_counter() - started, stopped=step < settings.steps)


def _fit_picture(model, exercise: str, x: np.ndarray) -> dict:
    """1-D toys: the fitted curve over x; logistic ones: the predicted class on a 50 × 50 grid."""
    if not exercise.startswith("logistic"):
        curve_x = np.linspace(x.min(), x.max(), 100, dtype=np.float32)[:, None]
        return {"curve_x": curve_x.ravel(), "curve_y": model.predict(curve_x).ravel()}
    (x0, x1), (y0, y1) = [(float(x[:, i].min()) - 0.5, float(x[:, i].max()) + 0.5) for i in (0, 1)]
    gx, gy = np.meshgrid(np.linspace(x0, x1, 50), np.linspace(y0, y1, 50))
    grid = np.column_stack([gx.ravel(), gy.ravel()]).astype(np.float32)
    return {"grid": _classes(model.predict(grid), exercise).reshape(50, 50), "bounds": [x0, x1, y0, y1]}


def _classes(output: np.ndarray, exercise: str) -> np.ndarray:
    return (output.ravel() > 0.5).astype(np.int64) if exercise == "logistic-binary" else output.argmax(axis=1)


def _toy_results(model, exercise: str, x, y, loss: float) -> dict:
    if exercise.startswith("logistic"):
        accuracy = float(np.mean(_classes(model.predict(x), exercise) == y))
        return {"loss": loss, "accuracy": accuracy}
    results = {"loss": loss, "results": [regression_scores(exercise, y.ravel(), model.predict(x).ravel())]}
    if exercise == "linear":
        results["slope"], results["intercept"] = model.line()
    return results


# ---- wide & deep ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    x: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_name: str
    skipped_rows: int = 0


def load_table(settings: Settings) -> Table:
    name = settings.data.strip()
    if name == "diabetes":
        from sklearn.datasets import load_diabetes
        bunch = load_diabetes()
        return Table(bunch.data, bunch.target.astype(np.float64), tuple(bunch.feature_names), "progression")
    if not settings.target.strip():
        raise UserError(f"Name the target column of {Path(name).name} (the number to predict).")
    table = read_labelled_table(Path(name), settings.target.strip())
    try:
        y = table.labels.astype(np.float64)
    except ValueError:
        raise UserError(f"The target column '{settings.target}' of {Path(name).name} holds text, not numbers.") from None
    if len(y) < 10:
        raise UserError(f"{Path(name).name} has only {len(y)} usable rows: at least 10 are needed.")
    return Table(table.features, y, table.feature_names, settings.target.strip(), table.skipped_rows)


def wide_deep_columns(features: int) -> tuple[slice, slice]:
    """The course's wiring: wide = the first five features, deep = from the third on (fewer features:
    all of them to both)."""
    if features <= DEEP_FROM:
        return slice(0, features), slice(0, features)
    return slice(0, min(WIDE_FEATURES, features)), slice(DEEP_FROM, features)


def keras_wide_deep(wide_count: int, deep_count: int, width: int):
    """The course's functional-API model."""
    import keras
    input_wide = keras.layers.Input(shape=[wide_count], name="wide_input")
    input_deep = keras.layers.Input(shape=[deep_count], name="deep_input")
    hidden1 = keras.layers.Dense(width, activation="relu")(input_deep)
    hidden2 = keras.layers.Dense(width, activation="relu")(hidden1)
    concat = keras.layers.concatenate([input_wide, hidden2])
    output = keras.layers.Dense(1, name="output")(concat)
    return keras.Model(inputs=[input_wide, input_deep], outputs=[output])


def torch_wide_deep(wide_count: int, deep_count: int, width: int):
    """The same model as a torch module."""
    import torch

    class WideDeep(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.deep = torch.nn.Sequential(torch.nn.Linear(deep_count, width), torch.nn.ReLU(),
                                            torch.nn.Linear(width, width), torch.nn.ReLU())
            self.output = torch.nn.Linear(wide_count + width, 1)

        def forward(self, wide, deep):
            return self.output(torch.cat([wide, self.deep(deep)], dim=1))   # concatenate(wide, deep(hidden))
    return WideDeep()


def fit_wide_deep(settings: Settings, x_train, y_train, width: int, lr: float,
                  should_stop: Callable[[], bool] = lambda: False) -> Iterator[dict]:
    """Train on scaled inputs and a scaled target; EPOCH events; returns a predict(x) function."""
    seed_everything(settings.seed, settings.engine)
    wide, deep = wide_deep_columns(x_train.shape[1])
    x = x_train.astype(np.float32)
    y = y_train.astype(np.float32)[:, None]
    trainer = _torch_trainer if settings.engine == "torch" else _keras_trainer
    step_epoch, predict = trainer(x[:, wide].shape[1], x[:, deep].shape[1], width, lr, wide, deep)
    started = time.perf_counter()
    for epoch in range(1, settings.epochs + 1):
        if should_stop():
            break
        loss = step_epoch(x, y, settings.batch_size, np.random.default_rng(settings.seed + epoch))
        yield event(EPOCH, epoch=epoch, epochs=settings.epochs, loss=loss, seconds=time.perf_counter() - started)
    return predict


def _torch_trainer(wide_count, deep_count, width, lr, wide, deep):
    import torch
    model = torch_wide_deep(wide_count, deep_count, width)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)

    def step_epoch(x, y, batch_size, rng) -> float:
        order, losses = rng.permutation(len(x)), []
        for start in range(0, len(x), batch_size):
            rows = order[start:start + batch_size]
            xb, yb = torch.from_numpy(x[rows]), torch.from_numpy(y[rows])
            losses.append(torch_train_on_batch(lambda xs: model(xs[:, wide], xs[:, deep]), optimizer,
                                               torch.nn.functional.mse_loss, xb, yb))
        return float(np.mean(losses))

    def predict(x) -> np.ndarray:
        with torch.no_grad():
            xs = torch.from_numpy(x.astype(np.float32))
            return model(xs[:, wide], xs[:, deep]).numpy().ravel()
    return step_epoch, predict


def _keras_trainer(wide_count, deep_count, width, lr, wide, deep):
    import keras
    model = keras_wide_deep(wide_count, deep_count, width)
    model.compile(loss="mse", optimizer=keras.optimizers.Adam(lr))

    def step_epoch(x, y, batch_size, rng) -> float:
        history = model.fit((x[:, wide], x[:, deep]), y, batch_size=batch_size, epochs=1, verbose=0,
                            shuffle=True)
        return float(history.history["loss"][-1])

    def predict(x) -> np.ndarray:
        x = x.astype(np.float32)
        return np.asarray(model((x[:, wide], x[:, deep]))).ravel()
    return step_epoch, predict


def regression_scores(model: str, y_true, y_pred) -> dict:
    """MSE, RMSE, MAE and R², from sklearn.metrics."""
    from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
    mse = float(mean_squared_error(y_true, y_pred))
    return {"model": model, "mse": mse, "rmse": math.sqrt(mse), "mae": float(mean_absolute_error(y_true, y_pred)),
            "r2": float(r2_score(y_true, y_pred))}


def sklearn_regressor(name: str, settings: Settings):
    """scikit-learn's side of the table, the target scaled like the networks'."""
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.dummy import DummyRegressor
    from sklearn.linear_model import LinearRegression
    from sklearn.neural_network import MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    makers = {"dummy": DummyRegressor, "linear": LinearRegression,
              "mlp": lambda: MLPRegressor(hidden_layer_sizes=(settings.width, settings.width), max_iter=500, early_stopping=True,
                                          random_state=settings.seed)}
    return TransformedTargetRegressor(make_pipeline(StandardScaler(), makers[name]()), transformer=StandardScaler())


def split_table(table: Table, settings: Settings):
    """Train/test split, features and target scaled on the training part: x_train, x_test, y_train,
    y_test (raw), and the target's scaler."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    x_train, x_test, y_train, y_test = train_test_split(table.x, table.y, test_size=settings.test_size,
                                                        random_state=settings.seed)
    scaler = StandardScaler().fit(x_train)
    return scaler.transform(x_train), scaler.transform(x_test), y_train, y_test


def run_wide_deep(settings: Settings, should_stop: Callable[[], bool]) -> Iterator[dict]:
    table = load_table(settings)
    x_train, x_test, y_train, y_test = split_table(table, settings)
    mean, std = float(y_train.mean()), float(y_train.std()) or 1.0
    yield event(SNAPSHOT, what="data", feature_names=list(table.feature_names), target=table.target_name,
                rows=len(table.y), skipped_rows=table.skipped_rows, y_test=y_test)
    outcome = {}
    if settings.search:
        outcome = yield from search_wide_deep(settings, x_train, (y_train - mean) / std, should_stop)
    results, stopped = [], False
    for name in ("dummy",) + tuple(m for m in MODELS if m in settings.models):
        if should_stop():
            stopped = True
            break
        if name == "wide-deep":
            predict = yield from fit_wide_deep(settings, x_train, (y_train - mean) / std, settings.width,
                                               settings.lr, should_stop)
            predictions = predict(x_test) * std + mean
        else:
            predictions = sklearn_regressor(name, settings).fit(x_train, y_train).predict(x_test)
        results.append(regression_scores(name, y_test, predictions))
        yield event(SNAPSHOT, what="predictions", model=name, y_true=y_test, y_pred=predictions, scores=results[-1])
    yield event(FINISHED, results=results, rows=len(table.y), skipped_rows=table.skipped_rows,
                target=table.target_name, engine=settings.engine, **outcome, stopped=stopped or should_stop())


def search_wide_deep(settings: Settings, x_train, y_scaled, should_stop) -> Iterator[dict]:
    """Optuna over the deep part's width and the learning rate; each trial trains on 80 % of the
    training split and is scored by its validation MSE (the test split stays unseen)."""
    space = (tuning.Param("width", "width", 4, 128, log=True, integer=True),
             tuning.Param("lr", "lr", 1e-4, 1e-1, log=True))
    cut = int(len(x_train) * 0.8)

    def objective(params: dict) -> float:
        trainer = fit_wide_deep(settings, x_train[:cut], y_scaled[:cut], params["width"], params["lr"])
        predict = _drain(trainer)
        return float(np.mean((predict(x_train[cut:]) - y_scaled[cut:]) ** 2))

    started = time.perf_counter()
    first = objective({"width": settings.width, "lr": settings.lr})
    fits = sum(tuning.planned_fits(method, space, settings.trials, 0, 1) for method in settings.search_methods)
    tuning.check_duration(time.perf_counter() - started, fits, settings.confirm_long)
    summaries = []
    for method in settings.search_methods:
        history = tuning.History(method, maximize=False)
        for item in tuning.optuna_search(objective, space, method, settings.trials, settings.seed, maximize=False,
                                         should_stop=should_stop):
            history.add(item["params"], item["value"], item["seconds"])
            yield item
        summaries.append(history.summary())
    return {"search": summaries, "default_validation_mse": first}


def _drain(generator):
    """Run a generator to its end and give back its return value."""
    while True:
        try:
            next(generator)
        except StopIteration as done:
            return done.value


def run(settings: Settings, should_stop: Callable[[], bool] = lambda: False) -> Iterator[dict]:
    """A toy regression, or the wide & deep table, as the settings choose."""
    check_settings(settings)
    with one_torch_thread(settings.engine):
        if settings.exercise == "wide-deep":
            yield from run_wide_deep(settings, should_stop)
        else:
            yield from run_toy(settings, should_stop)


CODE = [keras_train_on_batch, torch_train_on_batch, keras_wide_deep, torch_wide_deep, regression_scores]
KEY_LINES = {
    "model.train_on_batch(x, y)": "The course's loop: one gradient step on the whole batch, the loss back",
    "loss.backward()": "torch's train_on_batch: gradients of the loss...",
    "optimizer.step()": "...and one step against them",
    "keras.layers.concatenate([input_wide, hidden2])": "Wide & deep: the wide input skips the hidden layers and "
                                                       "meets the deep part's output",
    "torch.cat([wide, self.deep(deep)], dim=1)": "The same join in torch",
    "mean_squared_error(y_true, y_pred)": "Scores from sklearn.metrics: MSE (RMSE is its root)",
    "r2_score(y_true, y_pred)": "R²: 1 is perfect, 0 is no better than always guessing the mean",
}
