"""Inkling's core: everything that is not Qt. Importing it never imports TensorFlow or torch."""

__version__ = "0.1.0"   # the one place the version is written (pyproject.toml reads it from here)
