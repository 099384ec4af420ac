from django.shortcuts import render
from django.views.decorators.http import require_safe

from awards.selectors import editions_public


@require_safe
def home(request):
    return render(request, "awards/home.html", {"editions": editions_public()})
