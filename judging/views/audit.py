"""The audit log, for organisers: newest first, paginated. Payloads never hold a score."""

import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards.selectors import audit_events_newest_first
from judging.permissions import require_judging_organiser

PAGE_SIZE = 50


@login_required
@require_GET
def audit_log(request):
    require_judging_organiser(request.user)
    events = audit_events_newest_first()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"event": event, "payload": json.dumps(event.payload, indent=1, sort_keys=True, ensure_ascii=False)}
        for event in page
    ]
    return render(request, "judging/audit/audit_log.html", {"page": page, "rows": rows})
