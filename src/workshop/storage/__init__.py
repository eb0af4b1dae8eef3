"""Provides the storage layer: user folders, atomic writes, TOML, locks, backups, migrations, listing.

The bottom of the package after the domain (`workshop.model`): it imports
nothing above it (see docs/architecture.md).
"""
