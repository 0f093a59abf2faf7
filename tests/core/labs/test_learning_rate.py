"""The learning-rate toy: converges below the critical rate 1.0, diverges above it; the decay schedule."""
import pytest

from core.events import FINISHED, STEP
from core.labs import learning_rate as lab


def _finished(**settings):
    return list(lab.run(lab.Settings(**settings)))[-1]


@pytest.mark.parametrize("engine", ["torch", "keras"])
def test_converges_below_and_diverges_above_the_critical_rate(engine):
    below = _finished(lr=0.95, engine=engine, steps=200)
    assert not below["diverged"] and abs(below["w"] + 1) < 1e-3
    above = _finished(lr=1.05, engine=engine, steps=200)
    assert above["diverged"]
    assert lab.CRITICAL_RATE == 1.0


def test_at_the_critical_rate_it_bounces_for_ever():
    finished = _finished(lr=1.0, steps=41)
    assert finished["w"] == pytest.approx(-7.0) and not finished["diverged"]


def test_a_fast_divergence_ends_early():
    finished = _finished(lr=4.0, steps=10_000)
    assert finished["diverged"] and finished["steps_run"] < 100


def test_each_step_carries_both_runs_and_the_decay_follows_the_courses_formula():
    steps = [e for e in lab.run(lab.Settings(lr=0.2, steps=5, decay_rate=0.5, decay_steps=2)) if e["event"] == STEP]
    assert len(steps) == 5
    assert [s["lr_decay"] for s in steps] == pytest.approx([0.2 * 0.5 ** (i / 2) for i in range(5)])
    assert steps[0]["w"] == pytest.approx(5 - 0.2 * 12)      # w - lr · 2 (w + 1)
    assert lab.regime(0.3) == "converges smoothly" and lab.regime(1.2) == "diverges"


def test_stop_ends_with_one_finished_event():
    events = list(lab.run(lab.Settings(steps=1000), should_stop=lambda: True))
    assert [e["event"] for e in events] == [STEP, FINISHED] and events[-1]["stopped"]
