"""The communication part of the residence's activity report."""
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.messaging import selectors
from core.messaging.models import Channel, Message
from reporting.reports.sections import RESIDENCE, ReportContext, report_section


@report_section(code="communication", title=_("Communication avec les habitant·es"), order=40, kinds=(RESIDENCE,))
def communication(report: ReportContext) -> str | None:
    from reporting.periods import month_bounds
    import datetime as dt

    start = month_bounds(dt.date(report.year, 1, 1))[0]
    end = month_bounds(dt.date(report.year, 12, 1))[1]
    figures = {
        "messages": Message.objects.filter(send_requested_at__gte=start, send_requested_at__lt=end).count(),
        "email": selectors.deliveries_sent_between(start=start, end=end, channel=Channel.EMAIL),
        "sms": selectors.deliveries_sent_between(start=start, end=end, channel=Channel.SMS),
        "calls": selectors.calls_made_between(start=start, end=end),
        "reached": selectors.residents_reached_between(start=start, end=end),
        "portal_users": selectors.portal_users_between(start=start, end=end),
        "portal_signups": selectors.portal_signups_between(start=start, end=end),
    }
    if not any(figures.values()):
        return None
    return render_to_string("messaging/report_section.html", {"report": report, "figures": figures})
