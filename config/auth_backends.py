"""The sign-in backends, as Django's and allauth's, with the signed-in user read by a compiled statement.

Every signed-in request loads its user (`django.contrib.auth.get_user` asks the backend that signed the person
in). The ORM took about 0.5 ms of Python to build and compile that `get(pk=...)` on each request, a tenth of a
scorecard request; the statement is now compiled once per connection and, on PostgreSQL, prepared
(config/statements.py). What is checked is unchanged: the user must exist and be active
(`user_can_authenticate`), and Django still checks the session's password hash afterwards.

Sessions signed in before these classes existed name Django's and allauth's own classes; `LEGACY_PATHS` maps
them here when the session is read (config/sessions.py), so nobody is signed out by the change.
"""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends, get_user_model
from django.core.exceptions import ValidationError

from config.statements import Compiled, Slot

_USER = Compiled(
    "config.auth-backends.user",
    lambda pk: get_user_model()._default_manager.filter(pk=pk).order_by()[:1],
    Slot(-1_999_999_971),  # fits auth.User's 32-bit id
)


class _CompiledUserLoad:
    def get_user(self, user_id):
        try:
            pk = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:  # a session holding no valid id has no user
            return None
        user = next(iter(_USER.instances(pk)), None)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_CompiledUserLoad, backends.ModelBackend):
    """Django's ModelBackend (user name and password, permissions)."""


class AuthenticationBackend(_CompiledUserLoad, allauth_backends.AuthenticationBackend):
    """allauth's backend (e-mail and password)."""


LEGACY_PATHS = {
    "django.contrib.auth.backends.ModelBackend": "config.auth_backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "config.auth_backends.AuthenticationBackend",
}
