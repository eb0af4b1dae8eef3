"""Provides workshop: a terminal app for Working Backwards PR/FAQ workshops."""

__version__ = "0.1.0"
