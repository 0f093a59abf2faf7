"""The course's regressions: y = 2x recovered by train_on_batch in both engines, the other toys learn,
wide & deep beats the DummyRegressor, scores from sklearn.metrics."""
from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from core.events import EPOCH, FINISHED, SNAPSHOT, STEP
from core.fileio import UserError
from core.labs import regression
from core.labs.common import ENGINES


@pytest.mark.parametrize("engine", ENGINES)
def test_linear_toy_recovers_slope_two(engine):
    items = list(regression.run(regression.Settings(exercise="linear", engine=engine)))
    finished = items[-1]
    assert finished["event"] == FINISHED
    assert abs(finished["slope"] - 2.0) < 0.05
    assert abs(finished["intercept"]) < 0.05
    assert sum(item["event"] == EPOCH for item in items) == 301
    curves = [item for item in items if item["event"] == SNAPSHOT]
    assert len(curves) >= 2 and len(curves[-1]["curve_y"]) == 100


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("exercise, key, least", [("nonlinear", "r2", 0.5), ("logistic-binary", "accuracy", 0.95),
                                                  ("logistic-3", "accuracy", 0.9)])
def test_other_toys_learn(engine, exercise, key, least):
    finished = list(regression.run(regression.Settings(exercise=exercise, engine=engine, steps=600)))[-1]
    value = finished["results"][0][key] if key == "r2" else finished[key]
    assert value > least


@pytest.mark.parametrize("engine", ENGINES)
def test_wide_deep_beats_the_dummy_regressor(engine):
    items = list(regression.run(regression.Settings(engine=engine, models=("linear", "wide-deep"), epochs=30,
                                                    lr=0.003)))
    results = {row["model"]: row for row in items[-1]["results"]}
    assert set(results) == {"dummy", "linear", "wide-deep"}
    assert results["wide-deep"]["mse"] < 0.85 * results["dummy"]["mse"]
    assert results["wide-deep"]["r2"] > 0.1
    pictures = [item for item in items if item.get("what") == "predictions"]
    last = pictures[-1]
    assert last["model"] == "wide-deep"
    assert last["scores"]["mse"] == pytest.approx(mean_squared_error(last["y_true"], last["y_pred"]), rel=1e-6)


def test_scores_are_sklearn_metrics():
    y_true, y_pred = np.array([1.0, 2.0, 4.0]), np.array([1.5, 2.0, 3.0])
    scores = regression.regression_scores("m", y_true, y_pred)
    assert scores["mse"] == pytest.approx(mean_squared_error(y_true, y_pred))
    assert scores["rmse"] == pytest.approx(math.sqrt(scores["mse"]))
    assert scores["mae"] == pytest.approx(mean_absolute_error(y_true, y_pred))
    assert scores["r2"] == pytest.approx(r2_score(y_true, y_pred))


def test_csv_with_a_numeric_target(tmp_path):
    rng = np.random.default_rng(1)
    lines = ["a,name,b,price"] + [f"{a:.3f},item{i},{b:.3f},{3 * a - b + rng.normal(0, 0.1):.3f}"
                                  for i, (a, b) in enumerate(rng.normal(size=(80, 2)))] + ["1,x,,2"]
    path = tmp_path / "prices.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    finished = list(regression.run(regression.Settings(data=str(path), target="price", models=("linear",))))[-1]
    assert finished["skipped_rows"] == 1 and finished["rows"] == 80
    linear = next(row for row in finished["results"] if row["model"] == "linear")
    assert linear["r2"] > 0.95
    with pytest.raises(UserError, match="holds text"):
        list(regression.run(regression.Settings(data=str(path), target="name")))


def test_search_over_width_and_learning_rate():
    items = list(regression.run(regression.Settings(models=("linear",), epochs=3, search=True, trials=2,
                                                    search_methods=("random", "tpe"))))
    trials = [item for item in items if item["event"] == STEP and item["phase"] == "trial"]
    assert len(trials) == 4 and set(trials[0]["params"]) == {"width", "lr"}
    assert [s["method"] for s in items[-1]["search"]] == ["random", "tpe"]
    assert all(s["best_value"] == min(t["value"] for t in trials if t["method"] == s["method"])
               for s in items[-1]["search"])


def test_too_high_a_learning_rate_is_a_plain_message():
    with pytest.raises(UserError, match="lower the learning rate"):
        list(regression.run(regression.Settings(exercise="nonlinear", step_lr=9.0, width=200)))
