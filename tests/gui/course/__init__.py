"""Tests of the Course tab's pages."""
