"""Sections that apps higher up add to a lower app's page (the case page, the agency page).

A lower app may not import the apps above it; it owns a `Panels` registry
instead, and each app above registers a template and a function that builds
its context for the object and the user. The page renders them in order;
each template gets `panel` and `data`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Panel(Generic[T]):
    key: str
    template: str  # rendered with `panel` (this object) and `data` (the context)
    context: Callable[[T, Any], dict[str, Any]]  # (the page's object, the user)
    order: int = 100


class Panels(Generic[T]):
    def __init__(self) -> None:
        self._panels: dict[str, Panel[T]] = {}

    def register(self, panel: Panel[T]) -> Panel[T]:
        self._panels[panel.key] = panel
        return panel

    def for_page(self, obj: T, user: Any) -> list[tuple[Panel[T], dict[str, Any]]]:
        """The registered panels with their context, in order (skipping empty contexts)."""
        ordered = sorted(self._panels.values(), key=lambda p: (p.order, p.key))
        built = [(panel, panel.context(obj, user)) for panel in ordered]
        return [(panel, data) for panel, data in built if data]
