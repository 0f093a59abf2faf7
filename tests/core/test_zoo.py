"""The model zoo as data: names, shapes, padding arithmetic, (de)serialisation, plain-word errors.
Framework-free (the engines' builds of these specs are tested in test_engines.py)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core import zoo
from core.fileio import UserError

COURSE_NETWORKS = ("mlp", "baseline", "lenet5", "alexnet8", "vgg16", "inception10", "resnet18", "separable")


def test_every_course_network_the_default_and_the_speedrun_are_in_the_zoo():
    assert set(zoo.architecture_names()) == set(COURSE_NETWORKS) | {"inkling", "speedrun"}


@pytest.mark.parametrize("name", zoo.architecture_names())
@pytest.mark.parametrize("input_shape", [(28, 28, 1), (32, 32, 3)])
def test_specs_end_in_logits_for_the_class_count(name, input_shape):
    spec = zoo.get_spec(name, input_shape, num_classes=7)
    assert spec.input_shape == input_shape
    assert spec.output_shapes()[-1] == (7,)
    last = spec.layers[-1]
    assert last["type"] == "dense" and last["activation"] is None   # logits: softmax belongs to predict
    assert len(set(spec.layer_names())) == len(spec.layers)


def test_lenet5_shapes_follow_valid_convolutions_and_pools():
    spec = zoo.get_spec("lenet5")
    assert spec.layer_names()[:5] == ["conv1", "pool1", "conv2", "pool2", "flatten1"]
    assert spec.output_shapes()[:5] == [(24, 24, 6), (12, 12, 6), (8, 8, 16), (4, 4, 16), (256,)]


def test_same_padding_puts_the_extra_pixel_at_the_end_like_tensorflow():
    assert zoo.same_padding(28, 3, 1) == (1, 1)
    assert zoo.same_padding(32, 3, 2) == (0, 1)     # ResNet's stride-2 convolution on an even size
    assert zoo.same_padding(7, 2, 2) == (0, 1)      # a 2×2 pool on an odd size
    assert zoo.same_padding(31, 3, 2) == (1, 1)
    assert zoo.same_padding(32, 1, 2) == (0, 0)
    assert zoo.conv_output_size(7, 2, 2, "same") == 4
    assert zoo.conv_output_size(7, 2, 2, "valid") == 3


def test_vgg16_and_resnet18_downsample_as_the_course_does():
    vgg = zoo.get_spec("vgg16", (32, 32, 3))
    pools = [shape for layer, shape in zip(vgg.layers, vgg.output_shapes()) if layer["type"] == "pool"]
    assert pools == [(16, 16, 64), (8, 8, 128), (4, 4, 256), (2, 2, 512), (1, 1, 512)]
    resnet = zoo.get_spec("resnet18", (32, 32, 3))
    blocks = [(layer["stride"], layer["downsample"], shape)
              for layer, shape in zip(resnet.layers, resnet.output_shapes()) if layer["type"] == "residual"]
    assert blocks == [(1, False, (32, 32, 64)), (1, False, (32, 32, 64)),
                      (2, True, (16, 16, 128)), (1, False, (16, 16, 128)),
                      (2, True, (8, 8, 256)), (1, False, (8, 8, 256)),
                      (2, True, (4, 4, 512)), (1, False, (4, 4, 512))]


def test_inception10_doubles_channels_after_each_block():
    spec = zoo.get_spec("inception10", (32, 32, 3))
    blocks = [shape for layer, shape in zip(spec.layers, spec.output_shapes()) if layer["type"] == "inception"]
    assert blocks == [(16, 16, 64), (16, 16, 64), (8, 8, 128), (8, 8, 128)]


def test_spec_round_trips_through_json():
    spec = zoo.get_spec("inception10", (32, 32, 3), num_classes=5)
    again = zoo.ModelSpec.from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec


def test_unknown_architecture_is_refused_in_plain_words():
    with pytest.raises(UserError, match="no architecture called 'lenet6'.*lenet5"):
        zoo.get_spec("lenet6")


def test_too_small_input_is_refused_in_plain_words():
    with pytest.raises(zoo.SpecError, match="alexnet8 architecture needs a larger input than 8×8"):
        zoo.get_spec("alexnet8", (8, 8, 1))


def test_damaged_spec_is_refused():
    data = zoo.get_spec("mlp").to_dict()
    del data["layers"]
    with pytest.raises(zoo.SpecError, match="incomplete or damaged"):
        zoo.ModelSpec.from_dict(data)
    data = zoo.get_spec("mlp").to_dict()
    data["layers"][1]["activation"] = "swish"
    with pytest.raises(zoo.SpecError, match="Unknown activation 'swish'"):
        zoo.ModelSpec.from_dict(data)


def test_zoo_batches_and_engine_protocol_import_no_framework():
    code = ("import sys, core.zoo, core.data.batches, core.engines.base; "
            "print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_course_recurrent_networks_as_data():
    stock = zoo.stock_spec("lstm")
    assert [layer["type"] for layer in stock.layers] == ["lstm", "dropout", "lstm", "dropout", "dense"]
    assert stock.layers[0]["return_sequences"] and not stock.layers[2]["return_sequences"]
    assert stock.output_shapes() == [(60, 80), (60, 80), (100,), (100,), (1,)] and stock.is_sequence
    letters = zoo.letters_spec("rnn", "embedding", context=4)
    assert letters.input_shape == (4,) and letters.takes_ids
    assert letters.output_shapes() == [(4, 2), (3,), (5,)]
    assert zoo.letters_spec("gru", "onehot", 1).output_shapes() == [(3,), (5,)]
    assert "stock_lstm" not in zoo.architecture_names()      # the Train tab's image networks only
    assert zoo.ModelSpec.from_dict(json.loads(json.dumps(stock.to_dict()))) == stock


def test_recurrent_specs_that_cannot_be_built_are_refused():
    with pytest.raises(zoo.SpecError, match="Unknown recurrent cell 'tcn'"):
        zoo.recurrent("tcn", 4)
    with pytest.raises(zoo.SpecError, match="dense layer needs a flat input"):
        zoo.ModelSpec("x", "x", "", (5, 1), 1, (zoo.recurrent("rnn", 4, return_sequences=True), zoo.dense(1))
                      ).output_shapes()
    with pytest.raises(zoo.SpecError, match="lstm layer needs a sequence input"):
        zoo.ModelSpec("x", "x", "", (28, 28, 1), 1, (zoo.recurrent("lstm", 4),)).output_shapes()
