"""Activations and losses: the curves, and the custom loss leaning the weights the way cost and profit push."""
import numpy as np
import pytest

from core.labs import activations as lab


@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_custom_loss_leans_the_weights_the_way_costs_push(engine):
    epochs = 2000 if engine == "torch" else 1000
    profit_first = list(lab.run(lab.Settings(cost=1, profit=99, engine=engine, epochs=epochs)))[-1]
    assert profit_first["w1"] > 1 and profit_first["w2"] > 1 and profit_first["lean"] > 0
    cost_first = list(lab.run(lab.Settings(cost=99, profit=1, engine=engine, epochs=epochs)))[-1]
    assert cost_first["w1"] < 1 and cost_first["w2"] < 1 and cost_first["lean"] < 0


def test_mse_does_not_lean():
    finished = list(lab.run(lab.Settings(loss="mse", lr=0.1, epochs=3000)))[-1]
    assert abs(finished["lean"]) < 0.02


def test_activation_derivatives_match_the_slope():
    x = np.linspace(-3, 3, 601)
    for name in lab.ACTIVATIONS:
        function, derivative = lab.activation_curves(name, x)
        slope = np.gradient(function, x)
        away_from_kink = np.abs(x) > 0.05
        assert np.allclose(slope[away_from_kink][1:-1], derivative[away_from_kink][1:-1], atol=1e-3), name
        assert lab.ACTIVATIONS[name].advice


def test_loss_shapes_are_lowest_at_the_answer():
    curves = lab.loss_curves(cost=1, profit=99)
    for key in ("mse", "custom"):
        y, loss = curves[key]
        assert y[loss.argmin()] == pytest.approx(1.0, abs=0.03)
    y, custom = curves["custom"]
    assert custom[np.searchsorted(y, 0.5)] > custom[np.searchsorted(y, 1.5)]   # too few hurts more
    assert lab.yoghurt_data(23455)[0].shape == (32, 2)
