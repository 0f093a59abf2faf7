"""The optimizers lab: the course's five update rules, the iris race in both engines, the surface race,
the learning-rate tuning, and the typed-formula parser that must never run anything but arithmetic."""
from __future__ import annotations

import time

import numpy as np
import pytest

from core.events import EPOCH, FINISHED, LOG, SNAPSHOT, STEP
from core.fileio import UserError
from core.labs import optimizers, surfaces


def run_all(**values) -> list[dict]:
    return list(optimizers.run(optimizers.Settings(**values)))


def finished(events: list[dict]) -> dict:
    assert [e["event"] for e in events].count(FINISHED) == 1 and events[-1]["event"] == FINISHED
    return events[-1]


@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_every_optimizer_lowers_the_loss_on_iris(engine):
    events = run_all(problem="iris", epochs=15, engine=engine)
    results = finished(events)["results"]
    assert [r["optimizer"] for r in results] == list(optimizers.OPTIMIZERS)
    for result in results:
        first = next(e for e in events if e["event"] == EPOCH and e["optimizer"] == result["optimizer"])
        assert result["final_loss"] < first["loss"], result["optimizer"]
        assert result["seconds"] > 0 and result["lr"] == optimizers.IRIS_LR
        assert 0.0 <= result["test_accuracy"] <= 1.0


def test_both_engines_race_the_same_numbers():
    torch_results = finished(run_all(problem="iris", epochs=5, optimizers=("adam",), engine="torch"))["results"]
    keras_results = finished(run_all(problem="iris", epochs=5, optimizers=("adam",), engine="keras"))["results"]
    assert torch_results[0]["final_loss"] == pytest.approx(keras_results[0]["final_loss"], rel=1e-3)


@pytest.mark.parametrize("problem", ["bowl", "ravine", "rosenbrock", "x**2 + 3*y**2"])
def test_every_optimizer_lowers_the_loss_on_a_surface(problem):
    events = run_all(problem=problem, steps=100)
    snapshot = events[0]
    assert snapshot["event"] == SNAPSHOT and np.asarray(snapshot["values"]).shape == (120, 120)
    function = surfaces.surface_for(problem).function()
    start_loss = float(function(*snapshot["start"]))
    for result in finished(events)["results"]:
        assert result["final_loss"] < start_loss and not result["diverged"], result


def test_steps_move_every_optimizer_together():
    events = run_all(problem="bowl", steps=20, optimizers=("sgd", "adam"))
    steps = [e for e in events if e["event"] == STEP]
    assert [e["step"] for e in steps] == list(range(1, 21))
    assert set(steps[-1]["points"]) == {"sgd", "adam"}
    # SGD on x² + y² with lr 0.1 shrinks the point by 1 − 2·0.1 each step
    np.testing.assert_allclose(steps[0]["points"]["sgd"], np.array([-2.5, 2.0]) * 0.8, rtol=1e-5)


def test_the_course_formulas():
    grad = np.array([2.0, -0.5])
    assert optimizers.sgd(grad, {}, 0.1) == pytest.approx(grad * 0.1)
    state = {}
    optimizers.momentum(grad, state, 0.1)
    assert optimizers.momentum(grad, state, 0.1) == pytest.approx(0.1 * (0.9 * 0.1 + 0.1) * grad)
    assert optimizers.adagrad(grad, {}, 0.1) == pytest.approx(0.1 * np.sign(grad), rel=1e-5)
    assert optimizers.rmsprop(grad, {}, 0.1) == pytest.approx(0.1 * grad / np.sqrt(0.1 * grad ** 2), rel=1e-5)
    assert optimizers.adam(grad, {}, 0.1) == pytest.approx(0.1 * np.sign(grad), rel=1e-5)  # bias-corrected


def test_saddle_paths_escape_and_far_ones_are_marked_diverged():
    results = finished(run_all(problem="saddle", steps=200))["results"]
    assert all(r["final_loss"] < 0 for r in results)     # every one has left the saddle point downhill
    assert any(r["diverged"] for r in results)           # SGD and momentum run far off the plot


def test_tuning_chooses_a_rate_from_the_grid_and_says_so():
    events = run_all(problem="rosenbrock", steps=150, tune=True)
    results = finished(events)["results"]
    assert all(r["lr"] in optimizers.SURFACE_LR_GRID for r in results)
    messages = [e["message"] for e in events if e["event"] == LOG]
    assert any("adam: learning rate" in m for m in messages)
    untuned = {r["optimizer"]: r["final_loss"] for r in finished(run_all(problem="rosenbrock", steps=150))["results"]}
    assert sum(r["final_loss"] < untuned[r["optimizer"]] for r in results) >= 4


def test_tuning_on_iris():
    events = run_all(problem="iris", epochs=10, optimizers=("sgd", "adam"), tune=True)
    assert all(r["lr"] in optimizers.IRIS_LR_GRID for r in finished(events)["results"])


def test_stop_ends_with_what_there_is():
    calls = []
    events = list(optimizers.run(optimizers.Settings(problem="bowl", steps=1000),
                                 should_stop=lambda: len(calls) > 5 or calls.append(1)))
    assert finished(events)["stopped"] is True
    assert len([e for e in events if e["event"] == STEP]) < 10


def test_a_formula_evaluates_like_numpy():
    function = surfaces.parse_formula("sin(x) * exp(-y**2) + 3 % 2 - pi")
    x, y = np.array([0.5, 1.0]), np.array([0.2, -1.0])
    np.testing.assert_allclose(function(x, y), np.sin(x) * np.exp(-y ** 2) + 1 - np.pi)


@pytest.mark.parametrize("text, words", [
    ("__import__('os').system('true')", "may only call|not a number|not allowed|uses"),
    ("x.__class__", "not allowed"),
    ("(lambda: 1)()", "not allowed|may only call"),
    ("[x for x in y]", "not allowed"),
    ("open('/etc/passwd')", "uses 'open'|may only call"),
    ("x +", "does not parse"),
    ("z**2", "uses 'z'"),
    ("", "Type a formula"),
    ("x" * 400, "longer than"),
])
def test_a_formula_that_is_not_arithmetic_is_refused(text, words):
    with pytest.raises(UserError, match=words):
        surfaces.parse_formula(text)


@pytest.mark.parametrize("text", ["exp(1000*x)", "log(x)", "1/(x-x)", "9**9**9"])
def test_a_formula_that_overflows_or_is_undefined_is_refused_quickly(text):
    started = time.perf_counter()
    with pytest.raises(UserError):
        surfaces.surface_for(text)
    assert time.perf_counter() - started < 1.0


def test_an_unknown_problem_is_a_plain_sentence():
    with pytest.raises(UserError):
        run_all(problem="mnist", steps=1)
