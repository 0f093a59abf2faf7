"""Iris by hand in both engines: the course's defaults reach 0.9 test accuracy; stop ends cleanly."""
import numpy as np
import pytest

from core.events import EPOCH, FINISHED, SNAPSHOT
from core.fileio import UserError
from core.labs import iris


def _events(settings, should_stop=lambda: False):
    return list(iris.run(settings, should_stop))


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_default_settings_reach_the_courses_accuracy(engine):
    events = _events(iris.Settings(engine=engine))
    finished = events[-1]
    assert finished["event"] == FINISHED and not finished["stopped"]
    assert finished["test_accuracy"] >= 0.9
    epochs = [e for e in events if e["event"] == EPOCH]
    assert len(epochs) == 500 and epochs[-1]["loss"] < epochs[0]["loss"]
    assert np.asarray(finished["weights"]).shape == (4, 3)


def test_both_engines_take_the_same_steps():
    results = {engine: _events(iris.Settings(engine=engine, epochs=3, loss="cross_entropy"))[-1]
               for engine in ("torch", "keras")}
    assert np.allclose(results["torch"]["weights"], results["keras"]["weights"], atol=1e-5)


def test_first_snapshot_carries_the_data_and_regions_follow_the_weights():
    first = next(e for e in iris.run(iris.Settings(epochs=1)) if e["event"] == SNAPSHOT)
    assert first["x_train"].shape == (120, 4) and first["x_test"].shape == (30, 4)
    weights = np.zeros((4, 3), np.float32)
    weights[2] = [-1, 0, 1]    # petal length alone decides: below 4 cm setosa, above virginica
    regions = iris.decision_regions(weights, np.array([4.0, 0, -4.0]), (2, 3), first["feature_means"], (1, 7), (0, 3), 10)
    assert regions[:, 0].tolist() == [0] * 10 and regions[:, -1].tolist() == [2] * 10


def test_stop_ends_with_what_it_has():
    calls = iter(range(10**6))
    events = _events(iris.Settings(epochs=500), should_stop=lambda: next(calls) >= 12)
    finished = events[-1]
    assert finished["stopped"] and finished["epochs_run"] == 3
    assert sum(e["event"] == FINISHED for e in events) == 1


@pytest.mark.parametrize("optimizer", ["adam", "momentum"])
def test_framework_optimizers_also_learn(optimizer):
    finished = _events(iris.Settings(epochs=60, optimizer=optimizer, lr=0.05, loss="cross_entropy"))[-1]
    assert finished["test_accuracy"] >= 0.8


def test_out_of_range_settings_are_refused():
    with pytest.raises(UserError, match="lr must be between"):
        _events(iris.Settings(lr=50.0))
    with pytest.raises(UserError, match="epochs must be between"):
        _events(iris.Settings(epochs=0))
