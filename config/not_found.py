"""The site's own "not found" page, also while DJANGO_DEBUG is on (the demo).

With DEBUG on, Django answers a 404 with its technical page: the URL patterns, the setting names and
"You're seeing this error because you have DEBUG = True". An organiser trying the demo must never land
there, so the page an address that does not exist or an object the visitor may not know gets is the
site's 404 page, translated and inside the site's layout. DJANGO_TECHNICAL_404=1 brings Django's page
back for a developer hunting a URL pattern.
"""

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404
from django.views.defaults import page_not_found


def _friendly() -> bool:
    return settings.DEBUG and not settings.TECHNICAL_404


class FriendlyNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No view ran: the address matches no URL pattern, and Django answered with its pattern list.
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None and _friendly():
            return page_not_found(request, Resolver404({"path": request.path_info}))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and _friendly():
            return page_not_found(request, exception)
        return None
