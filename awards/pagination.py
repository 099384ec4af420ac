"""Pages of a long list, shared by the organisers' and judges' pages: a Django page with links that keep the
request's other parameters (a filter stays on when the reader turns the page, and the page of one list stays
when another list on the same page turns)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict


@dataclass(frozen=True)
class Pager:
    page: Page
    param: str
    previous_query: str  # "?..." for the previous page, "" when there is none
    next_query: str

    @property
    def items(self):
        return self.page.object_list

    @property
    def has_other_pages(self) -> bool:
        return self.page.has_other_pages()


def query_of(params: QueryDict, *, keys) -> QueryDict:
    """Only the parameters a page knows (its filters and page numbers), without empty ones: links built from it
    carry nothing else the address held (a stray `?o=score` is not passed on to every link of the page)."""
    kept = QueryDict(mutable=True)
    for key in keys:
        values = [value for value in params.getlist(key) if value]
        if values:
            kept.setlist(key, values)
    return kept


def _query(params: QueryDict, param: str, number: int) -> str:
    query = params.copy()
    if number == 1:
        query.pop(param, None)
    else:
        query[param] = str(number)
    text = query.urlencode()
    return f"?{text}" if text else "?"


def paginate(items, *, params: QueryDict, per_page: int, param: str = "page") -> Pager:
    """The page of `items` that `params[param]` asks for (the first for a missing or bad number, the last for
    one past the end), with the links to its neighbours."""
    page = Paginator(items, per_page).get_page(params.get(param))
    return Pager(
        page=page,
        param=param,
        previous_query=_query(params, param, page.previous_page_number()) if page.has_previous() else "",
        next_query=_query(params, param, page.next_page_number()) if page.has_next() else "",
    )
