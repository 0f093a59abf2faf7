"""`python main.py` for real, on a real X server (Xvfb) rather than Qt's offscreen platform."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from core import paths

pytestmark = [pytest.mark.xvfb, pytest.mark.slow, pytest.mark.gui]

needs_xvfb = pytest.mark.skipif(shutil.which("Xvfb") is None,
                                reason="Xvfb is not installed (apt-get install xvfb) so no real X window can open")


@pytest.fixture
def display():
    """A private X server; its display name (e.g. ':7')."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        number = numbers.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def app_environment(display: str, home, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, INKLING_HOME=str(home), **extra)
    return env


@needs_xvfb
def test_the_window_appears_before_the_frameworks_and_then_loads_the_default_model(display, tmp_path):
    done = subprocess.run([sys.executable, "main.py"], cwd=paths.PROJECT_ROOT, capture_output=True, text=True,
                          env=app_environment(display, tmp_path, INKLING_EXIT_WHEN_SHOWN="model"), timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    shown = next(line for line in lines if line.startswith("INKLING_SHOWN"))
    model = next(line for line in lines if line.startswith("INKLING_MODEL"))
    assert shown.endswith("heavy=none")
    assert model.endswith("model=default"), model
    assert "Traceback" not in done.stderr


@needs_xvfb
@pytest.mark.skipif(shutil.which("xdotool") is None, reason="xdotool is not installed (apt-get install xdotool)")
def test_the_window_is_found_on_the_x_server_by_its_title(display, tmp_path):
    app = subprocess.Popen([sys.executable, "main.py"], cwd=paths.PROJECT_ROOT, env=app_environment(display, tmp_path),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        window_id = ""
        deadline = time.monotonic() + 30
        while not window_id and time.monotonic() < deadline and app.poll() is None:
            search = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Inkling$"],
                                    env=dict(os.environ, DISPLAY=display), capture_output=True, text=True)
            window_id = search.stdout.strip().splitlines()[0] if search.stdout.strip() else ""
            time.sleep(0.2)
        assert app.poll() is None, app.communicate()[1][-2000:]
        assert window_id, "no visible window titled Inkling"
        geometry = subprocess.run(["xdotool", "getwindowgeometry", window_id], env=dict(os.environ, DISPLAY=display),
                                  capture_output=True, text=True).stdout
        width, height = (int(v) for v in geometry.split("Geometry:")[1].split()[0].split("x"))
        assert width >= 760 and height >= 560
    finally:
        app.terminate()
        app.wait(timeout=30)
