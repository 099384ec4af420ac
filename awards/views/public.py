from django.shortcuts import render

from awards.selectors import editions_public


def home(request):
    return render(request, "awards/home.html", {"editions": editions_public()})
