"""Provides the app's screens: home, session, help and dialogs."""
