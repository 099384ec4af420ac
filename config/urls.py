from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from awards.views.account import language_set_view
from awards.views.public import home
from config.health import health, health_all

# The admin signs in through allauth like everyone else, so its login has the lockout and the second factor too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("health/all/", health_all, name="health_all"),
    # Django's language switch (django.conf.urls.i18n has only it), which also remembers a signed-in person's
    # language for their e-mails.
    path("i18n/setlang/", language_set_view, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("judging/", include("judging.urls")),
    path("", include("awards.urls")),
]
