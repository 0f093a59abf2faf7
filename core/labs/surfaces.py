"""The optimizers lab's 2-D loss surfaces: the bowl, a narrow ravine, a saddle, Rosenbrock's valley, or a
formula the user types in x and y.

A typed formula is never handed to `eval` as text: it is parsed with `ast`, every node is checked
against a short whitelist (numbers, x, y, pi, e, arithmetic, a few numpy functions), numbers become
floats (so `9**9**9` overflows at once instead of building a huge integer), and only then is the
checked tree compiled and run with no builtins. Gradients are central differences, so any formula that
evaluates can be raced on.
"""
from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from core.fileio import UserError

MAX_FORMULA_LENGTH = 300
FUNCTIONS = {name: getattr(np, name) for name in (
    "sin", "cos", "tan", "arctan", "sinh", "cosh", "tanh", "exp", "log", "log1p", "sqrt", "abs",
    "minimum", "maximum", "hypot")}
CONSTANTS = {"pi": math.pi, "e": math.e}
VARIABLES = ("x", "y")
_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.Mod, ast.USub, ast.UAdd)
_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Load, ast.Constant) + _OPERATORS

SurfaceFunction = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Surface:
    name: str
    formula: str
    area: tuple[float, float, float, float]   # x_min, x_max, y_min, y_max: what the contour plot shows
    start: tuple[float, float]                # where every optimizer starts
    lr: float                                 # a learning rate that works for plain SGD here

    def function(self) -> SurfaceFunction:
        return parse_formula(self.formula)


SURFACES = {
    "bowl": Surface("bowl", "x**2 + y**2", (-3, 3, -3, 3), (-2.5, 2.0), 0.1),
    # 40× steeper across than along: SGD zig-zags across the ravine and crawls along it.
    "ravine": Surface("ravine", "0.1*x**2 + 4*y**2", (-3, 3, -2, 2), (-2.8, 1.2), 0.2),
    # starts a hair off the ridge: who escapes the saddle point, and how fast.
    "saddle": Surface("saddle", "x**2 - y**2", (-3, 3, -3, 3), (-2.5, 0.01), 0.05),
    "rosenbrock": Surface("rosenbrock", "(1 - x)**2 + 100*(y - x**2)**2", (-2, 2, -1, 3), (-1.2, 1.0), 0.001),
}
TYPED_AREA = (-3.0, 3.0, -3.0, 3.0)
TYPED_START = (-2.5, 2.0)
TYPED_LR = 0.01


def surface_for(problem: str) -> Surface:
    """A named surface, or a typed formula (checked: UserError with one sentence if it is not usable)."""
    if problem in SURFACES:
        return SURFACES[problem]
    surface = Surface("formula", problem.strip(), TYPED_AREA, TYPED_START, TYPED_LR)
    surface_grid(surface, 8)   # raises UserError when it does not evaluate over the area
    return surface


def parse_formula(text: str) -> SurfaceFunction:
    """`text`, a numpy expression in x and y, as a function f(x, y); UserError if it is not one."""
    text = text.strip()
    if not text:
        raise UserError("Type a formula in x and y, for example x**2 + 3*y**2.")
    if len(text) > MAX_FORMULA_LENGTH:
        raise UserError(f"The formula is longer than {MAX_FORMULA_LENGTH} characters.")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        raise UserError(f"The formula does not parse at character {error.offset or 0}: {error.msg}.") from None
    tree = _FloatConstants().visit(tree)
    _check(tree)
    code = compile(ast.fix_missing_locations(tree), "<formula>", "eval")
    namespace = {"__builtins__": {}, **FUNCTIONS, **CONSTANTS}

    def function(x, y):
        return eval(code, namespace, {"x": x, "y": y})  # noqa: S307 - a whitelisted, checked tree

    return function


def _check(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        if not isinstance(node, _NODES):
            raise UserError(f"The formula may only use numbers, x, y, + - * / ** %, and functions "
                            f"like sin or exp ('{type(node).__name__}' is not allowed).")
        if isinstance(node, ast.Name) and node.id not in FUNCTIONS and node.id not in CONSTANTS \
                and node.id not in VARIABLES:
            raise UserError(f"The formula uses '{node.id}'; it may use x, y, pi, e and "
                            f"{', '.join(FUNCTIONS)}.")
        if isinstance(node, ast.Call) and (not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS
                                           or node.keywords):
            raise UserError("The formula may only call the functions " + ", ".join(FUNCTIONS) + ".")
        if isinstance(node, ast.Constant) and not isinstance(node.value, float):
            raise UserError(f"The formula holds '{node.value}', which is not a number.")


class _FloatConstants(ast.NodeTransformer):
    """Integers become floats: float powers overflow at once, integer ones could run for ever."""

    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return ast.copy_location(ast.Constant(float(node.value)), node)
        return node


def evaluate(function: SurfaceFunction, x, y) -> np.ndarray:
    """f(x, y) as a float array of x's shape; UserError when it overflows or is not a finite number."""
    try:
        with np.errstate(all="raise"):
            values = np.broadcast_to(np.asarray(function(x, y), dtype=np.float64), np.shape(x))
    except (FloatingPointError, OverflowError, ZeroDivisionError) as error:
        raise UserError(f"The formula cannot be computed over the whole area ({error}).") from None
    except (TypeError, ValueError) as error:
        raise UserError(f"The formula cannot be computed: {error}.") from None
    if not np.all(np.isfinite(values)):
        raise UserError("The formula is not a finite number everywhere on the area.")
    return values


def surface_grid(surface: Surface, size: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """xs (size), ys (size) and the surface's values on that grid, values[row = y index, column = x index]."""
    x_min, x_max, y_min, y_max = surface.area
    xs, ys = np.linspace(x_min, x_max, size), np.linspace(y_min, y_max, size)
    grid_x, grid_y = np.meshgrid(xs, ys)
    return xs, ys, evaluate(surface.function(), grid_x, grid_y)


def gradient(function: SurfaceFunction, point: np.ndarray) -> np.ndarray:
    """∂f/∂x and ∂f/∂y at point by central differences. numpy scalars, so that an overflow raises
    FloatingPointError (a Python float would quietly become inf)."""
    x, y = np.float64(point[0]), np.float64(point[1])
    hx, hy = 1e-6 * max(1.0, abs(x)), 1e-6 * max(1.0, abs(y))
    with np.errstate(all="raise"):
        dx = (float(function(x + hx, y)) - float(function(x - hx, y))) / (2 * hx)
        dy = (float(function(x, y + hy)) - float(function(x, y - hy))) / (2 * hy)
    return np.array([dx, dy])


def value_at(function: SurfaceFunction, point: np.ndarray) -> float:
    with np.errstate(all="raise"):
        return float(function(np.float64(point[0]), np.float64(point[1])))
