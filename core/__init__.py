"""Inkling's core: everything that is not Qt. Importing it never imports TensorFlow or torch."""
