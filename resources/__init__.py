"""Inkling's shipped files, installed as package data beside the code.

A package (not a folder beside the repository) so that an installed wheel carries the default model,
the MNIST sample, the demo picture and clip, the icons and the translations; core.paths finds them
through this module's location, wherever it was installed.
"""
