"""Purchase and service history: order frequency and value, open severe tickets.

Formulas
--------
Two windows of `order_window_days` (default 182, two quarters) end at the
analysis date: recent = (as_of − w, as_of], previous = (as_of − 2w, as_of − w].

    orders a month = orders in the window / (w / 30.44)
    value          = sum of the window's order amounts

By quarter: orders placed and their total amount, for the report's charts.
Open tickets are those with status open dated up to the analysis date; severe
ones have severity high or critical, listed oldest first.
"""

from __future__ import annotations

from datetime import timedelta

from graph.analysis.health import quarter
from graph.analysis.params import AnalysisParams
from graph.analysis.results import PeriodOrders, PurchaseHistory
from graph.model import AccountGraph
from graph.vocabulary import TicketSeverity, TicketStatus

DAYS_PER_MONTH = 30.44
SEVERE = (TicketSeverity.high, TicketSeverity.critical)


def purchase_history(graph: AccountGraph, params: AnalysisParams) -> PurchaseHistory:
    """Orders by quarter, the two windows compared, and open tickets (module docstring)."""
    as_of = params.as_of
    window = timedelta(days=params.order_window_days)
    by_period: dict[str, PeriodOrders] = {}
    recent = previous = 0
    recent_value = previous_value = 0.0
    for order in sorted(graph.orders, key=lambda o: (o.date, o.id)):
        if order.date > as_of:
            continue
        label = quarter(order.date)
        period = by_period.setdefault(label, PeriodOrders(orders=0, value=0.0))
        period.orders += 1
        period.value += order.amount
        if order.date > as_of - window:
            recent += 1
            recent_value += order.amount
        elif order.date > as_of - 2 * window:
            previous += 1
            previous_value += order.amount
    months = params.order_window_days / DAYS_PER_MONTH
    open_tickets = sorted(
        (t for t in graph.tickets if t.status is TicketStatus.open and t.date <= as_of),
        key=lambda t: (t.date, t.id),
    )
    return PurchaseHistory(
        by_period=dict(sorted(by_period.items())),
        window_days=params.order_window_days,
        recent_orders=recent,
        previous_orders=previous,
        recent_per_month=recent / months,
        previous_per_month=previous / months,
        recent_value=recent_value,
        previous_value=previous_value,
        open_tickets=len(open_tickets),
        open_severe_tickets=[t.id for t in open_tickets if t.severity in SEVERE],
    )
