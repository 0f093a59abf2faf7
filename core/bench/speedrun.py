"""The speedrun beside Keras' own MNIST example, in the same run.

- `train --recipe fast` as a user runs it: a fresh process, from the command's start to the saved bundle
  (imports, data, training, the test score), its test accuracy checked against 99%; once with torch and
  once with Keras (the recipe in Keras should stay within 2× of torch);
- Keras' example network (keras.io/examples/vision/mnist_convnet: Conv32-pool-Conv64-pool-flatten-
  dropout 0.5-dense 10, batch 128, Adam, validation_split 0.1, 15 epochs) trained as its documentation
  says, timed to the end of the first epoch whose test accuracy is 99% (the scoring is off the clock).

Full MNIST is needed for the real figures (the user's or Keras' cache, or INKLING_BENCH_MNIST=FILE); quick
mode (tests) trains both on the shipped sample for a couple of epochs and says so in the names.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from core.bench.timing import BenchResult, higher_is_better, lower_is_better

TARGET = 0.99
KERAS_EXAMPLE_EPOCHS = 15
MNIST_VARIABLE = "INKLING_BENCH_MNIST"


def _data_source(quick: bool) -> tuple[str, str]:
    """(what `--data` gets, how the results name it)."""
    if quick:
        return "sample", "sample, quick: 2 epochs"
    from core.data import load_dataset

    chosen = os.environ.get(MNIST_VARIABLE) or "mnist"
    dataset = load_dataset(chosen, allow_download=False)
    if dataset.is_sample:
        return "sample", "sample: full MNIST not cached"
    return chosen, "MNIST"


def _project_folder() -> str:
    import importlib.util

    spec = importlib.util.find_spec("main")
    return str(Path(spec.origin).parent) if spec and spec.origin else os.getcwd()


def _run_recipe(engine: str, data: str, quick: bool) -> tuple[float, float]:
    """Seconds from the command's start to its saved bundle, and the bundle's test accuracy."""
    with tempfile.TemporaryDirectory(prefix="inkling-speedrun-") as home:
        command = [sys.executable, "-m", "main", "train", "--recipe", "fast", "--engine", engine, "--data", data,
                   "--out", str(Path(home) / "bundle"), "--json"] + (["--epochs", "2"] if quick else [])
        env = {**os.environ, "INKLING_HOME": home}
        start = time.perf_counter()
        result = subprocess.run(command, cwd=_project_folder(), env=env, capture_output=True, text=True,
                                timeout=3600)
        seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"train --recipe fast ({engine}) failed: {result.stderr.strip()[-300:]}")
    finished = json.loads(result.stdout.strip().splitlines()[-1])
    return seconds, float(finished["test_accuracy"])


def _keras_example_model():
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"), layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"), layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(), layers.Dropout(0.5), layers.Dense(10, activation="softmax")])


def _keras_example_time(data: str, epochs: int) -> tuple[float, float, int | None]:
    """Keras' mnist_convnet as documented: seconds of training until the first epoch whose test accuracy
    reaches TARGET (or all of them), the last test accuracy, and that epoch (None: never reached)."""
    import keras

    from core.data import load_dataset

    dataset = load_dataset(data, allow_download=False)
    x_train = dataset.x_train.reshape(-1, 28, 28, 1).astype("float32") / 255
    x_test = dataset.x_test.reshape(-1, 28, 28, 1).astype("float32") / 255
    y_train = keras.utils.to_categorical(dataset.y_train, 10)
    y_test = keras.utils.to_categorical(dataset.y_test, 10)
    model = _keras_example_model()
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    training_seconds, accuracy = 0.0, 0.0
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        model.fit(x_train, y_train, batch_size=128, epochs=1, validation_split=0.1, verbose=0)
        training_seconds += time.perf_counter() - start
        accuracy = float(model.evaluate(x_test, y_test, verbose=0)[1])
        if accuracy >= TARGET:
            return training_seconds, accuracy, epoch
    return training_seconds, accuracy, None


def bench_speedrun(quick: bool) -> list[BenchResult]:
    data, label = _data_source(quick)
    torch_seconds, torch_accuracy = _run_recipe("torch", data, quick)
    keras_seconds, keras_accuracy = _run_recipe("keras", data, quick)
    epochs = 2 if quick else KERAS_EXAMPLE_EPOCHS
    example_seconds, example_accuracy, reached = _keras_example_time(data, epochs)
    example = (f"Keras mnist_convnet to {TARGET:.0%} in {reached} epochs" if reached else
               f"Keras mnist_convnet, all {epochs} epochs: never {TARGET:.0%}")
    return [
        lower_is_better(f"speedrun torch, command to bundle ({label}; vs {example})", torch_seconds,
                        example_seconds, "s"),
        lower_is_better(f"speedrun keras, command to bundle ({label}; vs the recipe in torch)", keras_seconds,
                        torch_seconds, "s"),
        higher_is_better(f"speedrun torch test accuracy ({label}; vs Keras mnist_convnet)", 100 * torch_accuracy,
                         100 * example_accuracy, "%"),
        higher_is_better(f"speedrun keras test accuracy ({label}; vs the recipe in torch)", 100 * keras_accuracy,
                         100 * torch_accuracy, "%"),
    ]
