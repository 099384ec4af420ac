from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from judging.models import Judge, KeyHolder


def navigation(request):
    """Whether the signed-in user judges or holds a key share: one query per page, for the navigation bar."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_is_judge": False, "nav_is_key_holder": False}
    roles = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            judge=Exists(Judge.objects.filter(user=OuterRef("pk"))),
            key_holder=Exists(KeyHolder.objects.filter(user=OuterRef("pk"), ceremony__is_active=True)),
        )
        .values_list("judge", "key_holder")
        .first()
    ) or (False, False)
    return {"nav_is_judge": roles[0], "nav_is_key_holder": roles[1]}
