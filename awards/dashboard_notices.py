"""Notices another app adds to a participant's dashboard (the judging app: "your finals slot"), through
``register`` in its ``AppConfig.ready``, so the awards app never imports it."""

from collections.abc import Callable
from dataclasses import dataclass

from awards.models import Company


@dataclass(frozen=True)
class Notice:
    title: str
    text: str
    url: str
    link_text: str


Provider = Callable[[Company], list[Notice]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def notices_for(*, company: Company) -> list[Notice]:
    notices: list[Notice] = []
    for provider in _providers:
        notices.extend(provider(company))
    return notices
