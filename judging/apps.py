from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "judging"
    verbose_name = _("Judging")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from config.security import mark_privileged_session

        # Sign-in is the one moment the roles are looked up for the short idle timeout (config.security).
        user_logged_in.connect(mark_privileged_session, dispatch_uid="privileged_session_idle")

        from awards import checklist, communications
        from awards.services import eligibility, setup
        from judging.finals.checklist import finals_steps
        from judging.selectors.checklist import judging_steps
        from judging.selectors.communications import holders_not_enrolled, judges_with_unscored, scoring_deadlines
        from judging.services.conflicts import conflicts_refresh_for_entry
        from judging.services.setup_copy import edition_copy_judging

        # The organiser's checklist, the copy of last year's edition and the communications (groups, reminder
        # deadlines) ask the judging app through these registries, so the awards app never imports it.
        checklist.register(judging_steps)
        checklist.register(finals_steps)
        from awards import dashboard_notices
        from judging.finals.notices import finals_notices

        dashboard_notices.register(finals_notices)
        setup.register_copier(edition_copy_judging)
        communications.register_group(communications.Group(
            key="judges_unscored", label=_("Judges with unscored entries"), members=judges_with_unscored, order=40,
        ))
        communications.register_group(communications.Group(
            key="holders_not_enrolled", label=_("Key holders who have not enrolled a key"),
            members=holders_not_enrolled, order=50,
        ))
        communications.register_deadlines(scoring_deadlines)
        # An accepted entry's company may share an e-mail domain with a judge who joined before it registered.
        eligibility.on_entry_accepted(conflicts_refresh_for_entry)
