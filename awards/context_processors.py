from awards.permissions import company_of, is_organiser


def navigation(request):
    """What the navigation bar needs to know about the signed-in user."""
    user = request.user
    return {
        "nav_is_organiser": is_organiser(user),
        "nav_company": company_of(user),
    }
