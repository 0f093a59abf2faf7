"""The next-letter lab: the course's networks with the course's parameter counts in both engines, 100%
on the five contexts with the course's settings, and the numpy step-by-step cell (the window's heat
maps) giving exactly what the frameworks compute."""
from __future__ import annotations

import numpy as np
import pytest

from core import zoo
from core.events import EPOCH, FINISHED
from core.fileio import UserError
from core.labs import letters
from core.labs.recurrent import GATES

# Keras' model.summary() for the course's models (and the same sizes with LSTM and GRU cells).
COURSE_COUNTS = {("rnn", "onehot"): 47, ("rnn", "embedding"): 48, ("lstm", "onehot"): 128,
                 ("lstm", "embedding"): 102, ("gru", "onehot"): 110, ("gru", "embedding"): 93}


def finished(events: list[dict]) -> dict:
    assert [e["event"] for e in events].count(FINISHED) == 1 and events[-1]["event"] == FINISHED
    return events[-1]


def test_examples_go_round_the_alphabet_as_the_course_writes_them():
    assert letters.examples(1) == (["a", "b", "c", "d", "e"], ["b", "c", "d", "e", "a"])
    assert letters.examples(4) == (["abcd", "bcde", "cdea", "deab", "eabc"], ["e", "a", "b", "c", "d"])
    assert letters.encode(["ab"], "onehot").tolist() == [[[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]]]
    assert letters.encode(["ab"], "embedding").tolist() == [[0, 1]]


@pytest.mark.parametrize("engine", ["torch", "keras"])
@pytest.mark.parametrize("cell, encoding", list(COURSE_COUNTS))
@pytest.mark.parametrize("context", [1, 4])
def test_both_engines_build_the_course_counts(engine, cell, encoding, context):
    from core.engines.factory import create_engine
    spec = zoo.letters_spec(cell, encoding, context)
    assert create_engine(engine, spec, "cpu").parameter_count() == COURSE_COUNTS[cell, encoding]


@pytest.mark.parametrize("encoding", letters.ENCODINGS)
@pytest.mark.parametrize("context", [1, 4])
@pytest.mark.parametrize("engine", ["torch", pytest.param("keras", marks=pytest.mark.slow)])
def test_course_settings_reach_every_context(engine, encoding, context):
    events = list(letters.run(letters.Settings(engine=engine, encoding=encoding, context=context)))
    result = finished(events)
    contexts, targets = letters.examples(context)
    assert result["predictions"] == dict(zip(contexts, targets))
    assert result["accuracy"] == 1.0 and result["epochs_run"] == 100 and not result["stopped"]
    assert result["parameters"] == COURSE_COUNTS["rnn", encoding]
    epochs = [e for e in events if e["event"] == EPOCH]
    assert len(epochs) == 100 and epochs[-1]["loss"] < epochs[0]["loss"]


@pytest.mark.parametrize("engine", ["torch", pytest.param("keras", marks=pytest.mark.slow)])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("encoding", letters.ENCODINGS)
def test_numpy_steps_give_the_frameworks_probabilities(engine, cell, encoding):
    settings = letters.Settings(engine=engine, cell=cell, encoding=encoding, context=4, epochs=1)
    spec = zoo.letters_spec(cell, encoding, 4)
    model = letters.MODELS[engine](spec, settings)
    contexts, _ = letters.examples(4)
    x = letters.encode(contexts, encoding)
    logits = np.asarray(model.model(_tensor(engine, x)).detach().numpy() if engine == "torch"
                        else model.model(x, training=False))
    framework = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    trained = letters.LetterModel.from_dict(model.numpy_model().to_dict())
    ours = np.array([letters.next_letter_probabilities(trained, text) for text in contexts])
    np.testing.assert_allclose(ours, framework, atol=1e-5)
    states = letters.trace(trained, "abcd")
    kind = zoo.CELLS[cell]
    expected = {"hidden state"} | set(GATES[kind]) | ({"cell state"} if kind == "lstm" else set())
    assert set(states) == expected
    assert all(values.shape == (4, 3) for values in states.values())


def _tensor(engine, x):
    import torch
    return torch.from_numpy(x)


def test_typed_letters_outside_the_alphabet_are_named():
    with pytest.raises(UserError, match="'z' is not one of the letters"):
        letters.check_text("abz")
    with pytest.raises(UserError, match="Type one or more"):
        letters.check_text("  ")
    assert letters.check_text(" ABc ") == "abc"


def test_a_stop_ends_with_what_it_has():
    calls = iter(range(1000))
    events = list(letters.run(letters.Settings(epochs=100), should_stop=lambda: next(calls) >= 5))
    result = finished(events)
    assert result["stopped"] and result["epochs_run"] == 5
    assert set(result["predictions"]) == set(letters.examples(1)[0])


# ---- checkpoint and resume: the engine's fit instead of the short loop, the same numbers --------------

@pytest.mark.parametrize("engine", ["torch", pytest.param("keras", marks=pytest.mark.slow)])
@pytest.mark.parametrize("encoding", letters.ENCODINGS)
def test_checkpointed_training_reports_what_the_short_loop_reports(engine, encoding, tmp_path):
    settings = letters.Settings(engine=engine, encoding=encoding, context=4)
    short = list(letters.run(settings))
    fitted = list(letters.run(letters.Settings(**{**settings.__dict__, "checkpoint_dir": str(tmp_path)})))
    a, b = finished(short), finished(fitted)
    assert b["predictions"] == a["predictions"] and b["accuracy"] == a["accuracy"] == 1.0
    assert b["epochs_run"] == 100 and b["loss"] == pytest.approx(a["loss"], rel=1e-4)
    curves = [[(e["epoch"], e["loss"], e["accuracy"]) for e in events if e["event"] == EPOCH] for events in (short, fitted)]
    np.testing.assert_allclose(curves[1], curves[0], rtol=1e-4)
    np.testing.assert_allclose(b["model"]["kernel"], a["model"]["kernel"], rtol=1e-3, atol=1e-5)
    assert [e["epoch"] for e in fitted if e["event"] == "checkpoint" and not e["best"]] == list(range(1, 101))


def test_a_stopped_checkpointed_run_resumes_to_the_unbroken_result(tmp_path):
    settings = letters.Settings(cell="lstm", epochs=30, checkpoint_dir=str(tmp_path / "a"))
    unbroken = finished(list(letters.run(settings)))
    broken = letters.Settings(**{**settings.__dict__, "checkpoint_dir": str(tmp_path / "b")})
    calls = iter(range(1000))
    stopped = finished(list(letters.run(broken, should_stop=lambda: next(calls) >= 12)))
    assert stopped["stopped"] and stopped["epochs_run"] == 12
    events = list(letters.run(letters.Settings(**{**broken.__dict__, "resume": True})))
    resumed = finished(events)
    assert [e["epoch"] for e in events if e["event"] == EPOCH] == list(range(13, 31))
    assert not resumed["stopped"] and resumed["epochs_run"] == 30
    assert resumed["loss"] == pytest.approx(unbroken["loss"], rel=1e-5)
    np.testing.assert_allclose(resumed["model"]["recurrent"], unbroken["model"]["recurrent"], rtol=1e-5, atol=1e-7)
    again = finished(list(letters.run(letters.Settings(**{**broken.__dict__, "resume": True}))))
    assert again["epochs_run"] == 30 and again["loss"] == resumed["loss"]   # a finished run just reports


def test_resume_without_a_checkpoint_folder_is_refused_in_plain_words():
    with pytest.raises(UserError, match="Resuming needs the checkpoint folder"):
        list(letters.run(letters.Settings(resume=True)))
