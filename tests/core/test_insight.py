"""core.insight: layer outputs shaped as the zoo says and saliency on the ink, in both engines (real
torch and Keras models: the shipped default, the same weights copied into Keras, untrained zoo builds)."""
from __future__ import annotations

import numpy as np
import pytest

from core import insight
from core.engines.factory import create_engine
from core.reading import Stroke, digit_input
from core.registry import find_bundle, load_engine
from core.zoo import ModelSpec, get_spec, letters_spec

ENGINES = ("torch", "keras")


def _line(*points) -> Stroke:
    return Stroke.of(np.array(points, np.float32), 30)


# Digits drawn as strokes on the 560-pixel canvas, as the Draw tab reads them.
DRAWN = {7: [_line((150, 120), (400, 120), (250, 450))],
         4: [_line((300, 100), (150, 330), (420, 330)), _line((340, 200), (340, 460))],
         0: [_line(*[(280 + 120 * np.cos(a), 280 + 170 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 40)])],
         3: [_line((170, 120), (380, 130), (260, 270), (390, 380), (170, 450))]}


@pytest.fixture(scope="module")
def default_engines():
    """The shipped default model in torch, and the same weights copied into a Keras build."""
    info = find_bundle(None)
    torch_engine = load_engine(info, "cpu")
    keras_engine = create_engine("keras", ModelSpec.from_dict(info.spec), "cpu")
    _copy_weights(torch_engine, keras_engine)
    return {"torch": torch_engine, "keras": keras_engine}


def _copy_weights(torch_engine, keras_engine) -> None:
    from torch import nn

    for name, layer in zip(torch_engine.spec.layer_names(), torch_engine.spec.layers):
        module = getattr(torch_engine.model, name)
        target = keras_engine.model.get_layer(name)
        if layer["type"] == "conv":
            conv = next(m for m in module.modules() if isinstance(m, nn.Conv2d))
            arrays = [conv.weight.detach().numpy().transpose(2, 3, 1, 0)]
            arrays += [conv.bias.detach().numpy()] if conv.bias is not None else []
        elif layer["type"] == "bn":
            arrays = [module.weight, module.bias, module.running_mean, module.running_var]
            arrays = [t.detach().numpy() for t in arrays]
        elif layer["type"] == "dense":
            linear = next(m for m in module.modules() if isinstance(m, nn.Linear))
            arrays = [linear.weight.detach().numpy().T, linear.bias.detach().numpy()]
        else:
            continue
        target.set_weights(arrays)


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("architecture", ["mlp", "lenet5", "inkling", "inception10", "separable",
                                          pytest.param("resnet18", marks=pytest.mark.slow)])
def test_every_layer_is_named_typed_and_shaped_as_the_zoo_says(engine_name, architecture):
    spec = get_spec(architecture)
    engine = create_engine(engine_name, spec, "cpu")
    views = insight.layer_outputs(engine, digit_input(DRAWN[7]))
    assert [v.name for v in views] == spec.layer_names() + ["softmax"]
    assert [v.kind for v in views] == [layer["type"] for layer in spec.layers] + ["softmax"]
    for view, shape in zip(views, spec.output_shapes() + [(10,)]):
        assert view.shape == tuple(shape) and view.values.shape == tuple(shape), view.name
    assert views[-1].values.sum() == pytest.approx(1.0, abs=1e-5)


def test_both_engines_see_the_same_inside_with_the_same_weights(default_engines):
    x = digit_input(DRAWN[4])
    torch_views, keras_views = (insight.layer_outputs(default_engines[name], x) for name in ENGINES)
    for a, b in zip(torch_views, keras_views):
        assert np.allclose(a.values, b.values, atol=2e-3), a.name
    assert int(np.argmax(torch_views[-1].values)) == 4


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("method", insight.METHODS)
def test_saliency_is_highest_on_the_ink_of_a_drawn_digit(default_engines, engine_name, method):
    engine = default_engines[engine_name]
    for label, strokes in DRAWN.items():
        x = digit_input(strokes)
        saliency_map = insight.saliency(engine, x, label, method)
        assert saliency_map.shape == (28, 28) and saliency_map.max() == pytest.approx(1.0)
        assert saliency_map.min() >= 0.0
        on_ink = insight.ink_mass_share(saliency_map, x)
        assert on_ink > 0.5, f"{engine_name} {method}: only {on_ink:.0%} of the map on the drawn {label}"
        assert on_ink > insight.ink_area_share(x) + 0.1   # more than a map spread evenly would have


def test_both_engines_agree_on_where_the_model_looked(default_engines):
    x = digit_input(DRAWN[3])
    maps = [insight.saliency(default_engines[name], x, 3, "gradcam") for name in ENGINES]
    assert np.abs(maps[0] - maps[1]).max() < 0.05


def test_look_inside_gives_the_answer_the_runner_up_and_both_maps(default_engines):
    x = digit_input(DRAWN[7])
    seen = insight.look_inside(default_engines["torch"], x, runner_up=True)
    assert seen.top == 7 and seen.runner_up != 7 and seen.method == "gradcam"
    assert seen.probabilities[seen.top] >= seen.probabilities[seen.runner_up]
    assert seen.runner_up_saliency.shape == (28, 28) and not np.allclose(seen.runner_up_saliency, seen.saliency)
    assert seen.kernels.shape == (32, 3, 3) and seen.note == ""
    assert insight.look_inside(default_engines["torch"], x).runner_up_saliency is None


def test_gradcam_looks_at_a_late_layer_that_is_still_a_picture():
    spec = get_spec("inkling")
    assert spec.layer_names()[insight.gradcam_layer(spec)] == "pool2"    # 7×7, not the 5×5 after it
    lenet5 = get_spec("lenet5")
    assert lenet5.layer_names()[insight.gradcam_layer(lenet5)] == "conv2"   # 8×8, not the 4×4 pool
    assert spec.output_shapes()[insight.gradcam_layer(spec)][:2] == (7, 7)
    assert insight.gradcam_layer(get_spec("mlp")) is None


@pytest.mark.parametrize("engine_name", ENGINES)
def test_an_mlp_gets_gradients_and_a_cifar_model_the_drawing_resized_into_its_channels(engine_name):
    x = digit_input(DRAWN[0])
    mlp = insight.look_inside(create_engine(engine_name, get_spec("mlp"), "cpu"), x)
    assert mlp.method == "gradients" and mlp.kernels is None and mlp.saliency.shape == (28, 28)
    cifar = create_engine(engine_name, get_spec("lenet5", (32, 32, 3)), "cpu")
    seen = insight.look_inside(cifar, x, runner_up=True)
    assert "32×32" in seen.note and "3 channels" in seen.note
    assert seen.layers[0].values.shape == (28, 28, 6) and seen.saliency.shape == (28, 28)
    assert seen.kernels.shape == (6, 5, 5)


def test_pictures_are_fitted_to_the_input_a_model_reads():
    x = digit_input(DRAWN[7])
    same, note = insight.fit_input(x, (28, 28, 1))
    assert same.shape == (28, 28, 1) and note == "" and np.array_equal(same[..., 0], x)
    colour, note = insight.fit_input(x, (32, 32, 3))
    assert colour.shape == (32, 32, 3) and np.array_equal(colour[..., 0], colour[..., 2]) and note


def test_a_sequence_network_or_an_unknown_method_is_refused_in_words(default_engines):
    with pytest.raises(insight.InsightError, match="sequences"):
        insight.layer_outputs(create_engine("torch", letters_spec(), "cpu"), np.zeros((28, 28), np.float32))
    with pytest.raises(insight.InsightError, match="gradcam or gradients"):
        insight.saliency(default_engines["torch"], digit_input(DRAWN[7]), 7, "lime")


def test_the_input_frame_lands_on_the_drawn_ink():
    x = digit_input(DRAWN[7])
    x0, y0, w, h = insight.ink_box(x, insight.INK_LEVEL)
    frame_x, frame_y, side = insight.input_frame_on_drawing(x, (100, 50, 2 * w * 10, 2 * h * 10))
    assert side == pytest.approx(28 * 20)
    assert frame_x + x0 * 20 == pytest.approx(100) and frame_y + y0 * 20 == pytest.approx(50)
    assert insight.input_frame_on_drawing(np.zeros((28, 28), np.float32), (0, 0, 10, 10)) is None


def test_kernels_become_one_picture_per_output_channel():
    assert insight.kernel_images(np.zeros((5, 5, 1, 6))).shape == (6, 5, 5)
    assert insight.kernel_images(np.zeros((3, 3, 3, 16))).shape == (16, 3, 3)
    assert insight.kernel_images(np.zeros((3, 3, 8, 1))).shape == (8, 3, 3)
    assert insight.kernel_images(None) is None


def test_the_inside_view_benchmark_runs_quickly_beside_the_plain_forward_pass():
    from core.bench.insight import bench_inside_view

    results = bench_inside_view(True)
    assert [r.name.split(",")[1].split()[0] for r in results] == ["default", "lenet5"]
    assert all(r.value > 0 and r.baseline > 0 and r.unit == "ms" for r in results)
