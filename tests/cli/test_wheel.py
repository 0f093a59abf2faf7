"""An installed Inkling works like an app: the wheel built from the repository, installed (not editable)
into a folder of its own, runs `inkling predict` from another directory and finds the shipped default
model, the MNIST sample, the demo files and the icons inside the installation, not in the checkout.

No network: the wheel is built without build isolation (setuptools from this environment) and installed
with --no-deps; the dependencies come from this environment's site-packages.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from tests.digit_pictures import sample_test_digits

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "main.py", "core", "gui", "resources")


def build_wheel(into: Path) -> Path:
    """The wheel of a clean copy of the sources (the build writes nothing into the checkout)."""
    source = into / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                           "--quiet", "-w", str(into / "dist")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    (wheel,) = (into / "dist").glob("inkling-*.whl")
    return wheel


@pytest.mark.slow
def test_the_installed_wheel_predicts_from_another_directory(tmp_path, inkling_home):
    wheel = build_wheel(tmp_path / "build")
    target = tmp_path / "installed"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
                           str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (target / "inkling-0.1.0.dist-info" / "licenses" / "LICENSE").is_file()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cv2.imwrite(str(elsewhere / "picture.png"), sample_test_digits()[0][0])
    env = dict(os.environ, PYTHONPATH=str(target), INKLING_HOME=str(inkling_home))

    def run(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(argv), cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)

    probe = run(sys.executable, "-c", "import json, sys, core, main, resources; print(json.dumps("
                "{'core': core.__file__, 'resources': resources.__file__, 'path': sys.path}))")
    assert probe.returncode == 0, probe.stderr
    where = json.loads(probe.stdout)
    assert Path(where["core"]).is_relative_to(target) and Path(where["resources"]).is_relative_to(target)
    assert not any((elsewhere / entry).resolve() == ROOT for entry in where["path"])   # "" is the cwd

    predicted = run(str(target / "bin" / "inkling"), "predict", "picture.png", "--json")
    assert predicted.returncode == 0, predicted.stderr
    (record,) = [json.loads(line) for line in predicted.stdout.splitlines()]
    assert record["path"] == "picture.png" and record["label"] == int(sample_test_digits()[1][0])

    info = json.loads(run(str(target / "bin" / "inkling"), "info", "--json").stdout)
    resources = Path(info["folders"]["resources"])
    assert resources.is_relative_to(target)
    for shipped in ("models/default/manifest.json", "mnist_sample.npz", "demo/page.jpg", "demo/clip.mp4",
                    "icons/inkling.svg"):
        assert (resources / shipped).is_file(), shipped
    assert "usage: inkling" in run(str(target / "bin" / "inkling"), "predict", "--help").stdout
