"""Recipes (core.config.RECIPES): declared settings that build, the one-cycle schedule, label smoothing the
same in both engines, `--recipe` beside explicit options, the target-accuracy stop, and the speedrun itself."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pytest

from core import zoo
from core.config import RECIPES, SCHEDULES, FitConfig, TrainConfig, learning_rate_at, recipe

# The team's full MNIST in shared/ beside the checkout (CI lays it there too); the test skips without it.
SHARED_MNIST = Path(__file__).resolve().parents[3] / "shared" / "data" / "mnist.npz"


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_every_recipe_names_a_zoo_network_and_valid_settings(name):
    chosen = recipe(name)
    assert chosen.model in zoo.architecture_names()
    fit = chosen.fit_config()
    assert fit.schedule in SCHEDULES and fit.epochs >= 1
    assert 0 <= chosen.validation_split < 1 and 0 <= fit.label_smoothing < 1
    assert FitConfig.from_dict(fit.to_dict()) == fit


def test_an_unknown_recipe_is_refused_by_name():
    with pytest.raises(ValueError, match="fast"):
        recipe("slow")


def test_one_cycle_rises_to_its_peak_then_falls_to_a_thousandth():
    fit = FitConfig(epochs=4, learning_rate=0.02, schedule="onecycle", warmup_epochs=1.0)
    rates = [learning_rate_at(fit, e) for e in np.linspace(0, 4, 41)]
    peak = int(np.argmax(rates))
    assert rates[0] == pytest.approx(0.002) and rates[peak] == pytest.approx(0.02) and peak == 10
    assert all(a <= b for a, b in zip(rates[:peak], rates[1:peak + 1]))
    assert all(a >= b for a, b in zip(rates[peak:], rates[peak + 1:]))
    assert rates[-1] == pytest.approx(0.02 / 1000)


def _train_args(*argv: str) -> argparse.Namespace:
    from core.cli import train

    parser = argparse.ArgumentParser()
    train.add_arguments(parser)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(list(argv))


def test_recipe_fills_the_options_that_were_not_given():
    from core.cli.train import config_from_args

    config = config_from_args(_train_args("--recipe", "fast"))
    fast = RECIPES["fast"]
    assert config.model == fast.model and config.validation_split == fast.validation_split
    assert config.fit == fast.fit_config()


def test_options_given_beside_a_recipe_win():
    from core.cli.train import config_from_args

    config = config_from_args(_train_args("--recipe", "fast", "--epochs", "7", "--model", "lenet5",
                                          "--optimizer", "momentum", "--target-accuracy", "0.98"))
    assert (config.model, config.fit.epochs, config.fit.optimizer) == ("lenet5", 7, "momentum")
    assert config.fit.learning_rate == 0.01          # momentum's own default, not adam's recipe rate
    assert config.fit.batch_size == RECIPES["fast"].fit["batch_size"]
    assert config.fit.target_accuracy == 0.98


def test_without_a_recipe_the_plain_defaults_stand():
    from core.cli.train import config_from_args

    config = config_from_args(_train_args())
    assert (config.model, config.fit.epochs, config.fit.batch_size, config.fit.schedule) == ("lenet5", 5, 32, "constant")
    assert config.fit.label_smoothing == 0.0 and config.fit.target_accuracy is None and config.validation_split == 0.0


def test_torch_label_smoothing_is_the_mixture_of_targets():
    import torch
    from torch.nn import functional as F

    logits = torch.randn(6, 10, generator=torch.Generator().manual_seed(1))
    labels = torch.arange(6)
    targets = 0.9 * F.one_hot(labels, 10).float() + 0.1 / 10
    expected = -(targets * F.log_softmax(logits, dim=1)).sum(dim=1).mean()
    assert F.cross_entropy(logits, labels, label_smoothing=0.1).item() == pytest.approx(expected.item(), rel=1e-6)


@pytest.mark.slow
def test_keras_label_smoothing_matches_torchs():
    import torch
    from torch.nn import functional as F

    from core.engines.keras_engine import _smoothed_cross_entropy

    rng = np.random.default_rng(2)
    logits, labels = rng.normal(size=(8, 10)).astype(np.float32), rng.integers(0, 10, 8)
    keras_loss = float(np.mean(_smoothed_cross_entropy(0.1)(labels, logits)))
    torch_loss = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(labels), label_smoothing=0.1).item()
    assert keras_loss == pytest.approx(torch_loss, rel=1e-5)


def test_training_stops_once_validation_reaches_the_target():
    from core.engines.torch_engine import TorchEngine
    from core.events import EPOCH, TARGET_REACHED
    from tests.pages import mnist_digits

    x, y = mnist_digits()
    events = []
    engine = TorchEngine(zoo.get_spec("speedrun"), "cpu")
    config = FitConfig(epochs=6, batch_size=64, learning_rate=0.01, target_accuracy=0.5)
    engine.fit((x[:600], y[:600]), (x[600:], y[600:]), config, events.append)
    epochs = [e for e in events if e["event"] == EPOCH]
    reached = [e for e in events if e["event"] == TARGET_REACHED]
    assert len(reached) == 1 and reached[0]["epoch"] == len(epochs) < 6
    assert epochs[-1]["val_accuracy"] >= 0.5 > max([e["val_accuracy"] for e in epochs[:-1]], default=0.0)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_the_fast_recipe_learns_in_both_engines(engine):
    from core.training import run_training

    config = TrainConfig(model="speedrun", engine=engine, data="sample", fit=recipe("fast").fit_config(epochs=4),
                         validation_split=recipe("fast").validation_split, device="cpu")
    final = run_training(config, lambda event: None)
    assert final["event"] == "finished" and final["test_accuracy"] >= 0.9


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_MNIST.is_file(), reason="needs the full MNIST (the team's shared copy)")
def test_the_speedrun_reaches_99_percent_on_the_full_mnist():
    from core.training import run_training

    fast = recipe("fast")
    config = TrainConfig(model=fast.model, data=str(SHARED_MNIST), fit=fast.fit_config(),
                         validation_split=fast.validation_split, device="cpu")
    started = time.monotonic()
    final = run_training(config, lambda event: None)
    assert final["test_accuracy"] >= 0.99, final
    print(f"speedrun: {final['test_accuracy']:.4f} in {time.monotonic() - started:.1f} s")


@pytest.mark.slow
def test_the_speedrun_benchmark_reports_both_engines_beside_the_keras_example():
    from core.bench.speedrun import bench_speedrun

    results = bench_speedrun(quick=True)
    assert len(results) == 4 and all(r.ratio is not None and r.value > 0 for r in results)
    assert "mnist_convnet" in results[0].name and "quick" in results[0].name
    assert results[0].unit == "s" and results[2].unit == "%"
