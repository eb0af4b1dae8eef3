"""Provides `python -m workshop`."""

from workshop.launch import main

raise SystemExit(main())
