"""Inkling's window: Qt only, thin over `core`."""
