"""The ceiling of the judge-pages benchmark: a Django view returning a fixed short response."""

from django.http import HttpResponse


def bare(request):
    return HttpResponse(b"ok\n", content_type="text/plain")
