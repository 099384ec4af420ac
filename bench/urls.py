"""The app's URLs plus /bench/bare/, the ceiling the judge-pages benchmark compares against."""

from django.urls import path

from bench.bare_view import bare
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [*app_urlpatterns, path("bench/bare/", bare, name="bench_bare")]
