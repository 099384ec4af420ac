"""What the navigation bar needs to know about the signed-in user, in one query for every page.

It sits in `config` because it asks both apps (awards never imports judging). The links it shows are
conveniences only: every page still asks its app's permissions.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from awards.models import CompanyContact
from awards.permissions import ORGANISER_GROUP, organiser_by_standing
from judging.models import Judge, KeyHolder

ANONYMOUS = {"nav_is_organiser": False, "nav_company": False, "nav_is_judge": False, "nav_is_key_holder": False}


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return ANONYMOUS
    roles = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            in_organiser_group=Exists(Group.objects.filter(user=OuterRef("pk"), name=ORGANISER_GROUP)),
            company=Exists(CompanyContact.objects.filter(user=OuterRef("pk"))),
            judge=Exists(Judge.objects.filter(user=OuterRef("pk"))),
            key_holder=Exists(KeyHolder.objects.filter(user=OuterRef("pk"), ceremony__is_active=True)),
        )
        .values("in_organiser_group", "company", "judge", "key_holder")
        .first()
    )
    if roles is None:
        return ANONYMOUS
    return {
        "nav_is_organiser": organiser_by_standing(user, in_organiser_group=roles["in_organiser_group"]),
        "nav_company": roles["company"],
        "nav_is_judge": roles["judge"],
        "nav_is_key_holder": roles["key_holder"],
    }
