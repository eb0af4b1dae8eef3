"""Provides SessionBasics: what every part of the session screen may ask of its screen (a Protocol).

Each part names what it needs in its own `…Host` Protocol; the properties
most of them need (the app, the session, its template and the step on
screen) are declared once here and inherited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App

    from ..model.session import Session
    from ..model.template import Template
    from ..widgets.step_view import StepView


class SessionBasics(Protocol):
    """The app, the session, its template and the step view of the session screen."""

    @property
    def app(self) -> App[Any]: ...
    @property
    def session(self) -> Session: ...
    @property
    def template(self) -> Template: ...
    @property
    def step_view(self) -> StepView | None: ...
