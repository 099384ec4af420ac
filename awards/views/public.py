from django.shortcuts import render
from django.views.decorators.http import require_safe

from awards.selectors import edition_open_for_entries, editions_public


@require_safe
def home(request):
    return render(
        request, "awards/home.html", {"editions": editions_public(), "open_edition": edition_open_for_entries()}
    )
