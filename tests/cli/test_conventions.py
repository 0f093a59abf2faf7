"""The command line follows the conventions (docs: CLI.md): help with defaults and examples, the program's
own name, --version, usage errors exit 2, `info` says where everything is without loading TensorFlow."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from core import __version__
from core.cli import COMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def command_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_is_declared_with_examples_at_the_end_of_its_help(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/inkling"])
    parsers = command_parsers(build_parser())
    assert set(parsers) == {command.name for command in COMMANDS} >= {"train", "evaluate", "predict", "detect",
                                                                      "models", "info", "bench", "lab"}
    for name, parser in parsers.items():
        text = parser.format_help()
        assert text.startswith(f"usage: inkling {name}"), text
        examples = text.split("examples:\n")[-1].strip().splitlines()
        assert 1 <= len(examples) <= 2 and all(line.strip().startswith(f"inkling {name}") for line in examples)


def test_every_option_has_help_that_states_its_default():
    for name, parser in command_parsers(build_parser()).items():
        text = " ".join(parser.format_help().split())
        for action in parser._actions:
            if not action.option_strings or action.help == argparse.SUPPRESS:
                continue
            assert action.help, f"{name} {action.option_strings[0]} has no help"
            if not any(action.default is nothing for nothing in (None, False, argparse.SUPPRESS)):
                assert "default" in parser._get_formatter()._get_help_string(action), (name, action.dest)
                shown = str(action.default)
                assert shown in text, f"{name} {action.option_strings[0]}: default {shown} not in the help"


def test_program_name_follows_how_it_was_started(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["main.py"])
    assert build_parser().format_usage().startswith("usage: python main.py")
    monkeypatch.setenv("INKLING_PROG", "./inkling")
    assert build_parser().format_usage().startswith("usage: ./inkling")


def test_version(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"Inkling {__version__}"


@pytest.mark.parametrize("argv", [
    ["frobnicate"], ["train", "--epochs", "zero"], ["train", "--epochs", "0"], ["train", "--val-split", "1"],
    ["train", "--lr", "-1"], ["train", "--engine", "jax"], ["evaluate", "--limit", "0"], ["detect"],
    ["detect", "page.png", "--threshold", "7"], ["predict"], ["models", "--what"],
])
def test_usage_errors_exit_2_before_anything_runs(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("usage: ") and "Traceback" not in captured.err


def test_info_prints_one_json_object_without_loading_tensorflow(inkling_home):
    probe = ("import sys, json; from core.cli import main; code = main(['info', '--json']); "
             "sys.stderr.write(json.dumps({'code': code, 'tensorflow': 'tensorflow' in sys.modules}))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == {"code": 0, "tensorflow": False}
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    info = json.loads(lines[0])
    assert info["version"] == __version__ and info["python"].startswith(sys.version.split()[0])
    assert info["device"] == "cpu" or info["device"].startswith("cuda: ")
    assert info["libraries"]["torch"] and info["libraries"]["numpy"] and info["libraries"]["scikit-learn"]
    folders = {name: Path(path) for name, path in info["folders"].items()}
    assert folders["data"] == inkling_home
    for name in ("models", "runs", "cache", "datasets", "logs"):
        assert folders[name].is_relative_to(inkling_home) and folders[name].is_dir(), name
    assert (folders["resources"] / "models" / "default" / "manifest.json").is_file()


def test_info_as_text_names_every_folder(inkling_home, capsys):
    assert main(["info"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"Inkling {__version__}")
    assert str(inkling_home / "cache" / "datasets") in text and str(inkling_home / "logs") in text
