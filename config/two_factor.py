"""Two-factor sign-in (django-allauth's MFA: TOTP and recovery codes).

Organisers, judges and key holders must have an authenticator app enrolled; participants may opt in.
Whether a session must enrol is decided once, at sign-in (``config.security.mark_privileged_session``), and
kept in the session, so ordinary requests pay no query for it. Until enrolment, such a session can only
reach the two-factor pages, the language switch and sign-out; the first request after enrolment finds the
authenticator and lifts the hold. Once enrolled, allauth asks for the code at
every sign-in, and a privileged user cannot remove the authenticator. The secrets are stored encrypted
(``config.mfa_crypto``, keys in ``AWARDS_MFA_KEYS``).
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

ENROLMENT_REQUIRED_KEY = "_two_factor_enrolment_required"
# Where the user was going when enrolment was asked for; offered as "Continue" once enrolled (no underscore:
# templates read it).
CONTINUE_KEY = "two_factor_continue"


def is_privileged(user) -> bool:
    """Who must sign in with two factors: asks ``judging.permissions.is_privileged`` (organisers, judges and
    key holders), which decides it with the apps' own role predicates."""
    from judging.permissions import is_privileged as decided_by_the_apps

    return decided_by_the_apps(user)


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def enrol_authenticator_app(*, user, secret: str) -> Authenticator:
    """Enrol a TOTP authenticator with a known secret (demo accounts, tests) and give the user recovery codes.

    A real user enrols from the browser (``mfa_activate_totp``), where allauth makes the secret.
    """
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing
    authenticator = TOTP.activate(user, secret).instance
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    return authenticator


def require_enrolment_if_privileged(*, request, user, privileged: bool) -> None:
    if privileged and not has_authenticator_app(user):
        request.session[ENROLMENT_REQUIRED_KEY] = True
    else:
        request.session.pop(ENROLMENT_REQUIRED_KEY, None)


class TwoFactorAdapter(DefaultMFAAdapter):
    """Privileged users keep their second factor; every stored secret is encrypted (config.mfa_crypto)."""

    def encrypt(self, text: str) -> str:
        from config.mfa_crypto import secret_encrypt

        return secret_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        from config.mfa_crypto import secret_decrypt

        return secret_decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type in (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES):
            return not is_privileged(authenticator.user)
        return True


class RequireTwoFactorMiddleware:
    """Keeps a privileged session without an authenticator app on the enrolment pages until it enrols."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or self._allowed(request.path):
            return self.get_response(request)
        if session.get(ENROLMENT_REQUIRED_KEY):
            if request.user.is_authenticated and not has_authenticator_app(request.user):
                if request.method == "GET" and url_has_allowed_host_and_scheme(request.get_full_path(), None):
                    session[CONTINUE_KEY] = request.get_full_path()
                messages.warning(
                    request,
                    _(
                        "Organisers, judges and key holders sign in with two factors. "
                        "Set up an authenticator app to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
            session.pop(ENROLMENT_REQUIRED_KEY, None)
        elif CONTINUE_KEY in session:
            session.pop(CONTINUE_KEY)  # the user has moved on from the two-factor pages
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        from django.conf import settings

        allowed = (
            reverse("mfa_index"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("set_language"),
            settings.STATIC_URL,
        )
        return path.startswith(allowed)
