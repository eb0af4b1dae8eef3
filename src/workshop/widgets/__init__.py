"""Provides the app's widgets, one concept per module."""
