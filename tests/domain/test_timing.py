"""The dates the etiquette suggests land on working days, in the person's own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.timing import default_connect_by, default_get_back_by, when_it_was


@pytest.mark.parametrize(("now", "tz", "connect_by"), [
    (datetime(2026, 11, 29, 15, 0, tzinfo=UTC), "Europe/Madrid", date(2026, 12, 4)),  # a Sunday: that Friday
    (datetime(2026, 11, 23, 10, 0, tzinfo=UTC), "Europe/Madrid", date(2026, 11, 30)),  # a Monday: a week on
    (datetime(2026, 11, 28, 12, 0, tzinfo=UTC), None, date(2026, 12, 4)),  # a Saturday, no time zone: Friday
    # Sunday 23:30 in UTC is already Monday morning in Tokyo: a week on from Monday.
    (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "Asia/Tokyo", date(2026, 12, 7)),
])
def test_a_redirect_is_due_within_a_week_on_a_working_day(now: datetime, tz: str | None, connect_by: date) -> None:
    assert default_connect_by(now, tz) == connect_by


@pytest.mark.parametrize(("now", "get_back_by"), [
    (datetime(2026, 11, 23, 10, 0, tzinfo=UTC), date(2026, 11, 26)),  # Monday: Thursday
    (datetime(2026, 11, 26, 10, 0, tzinfo=UTC), date(2026, 12, 1)),  # Thursday: over the weekend to Tuesday
    (datetime(2026, 11, 29, 10, 0, tzinfo=UTC), date(2026, 12, 2)),  # Sunday: Wednesday
])
def test_need_time_gives_three_working_days(now: datetime, get_back_by: date) -> None:
    assert default_get_back_by(now, "Europe/London") == get_back_by


MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("then", "said"), [
    (datetime(2026, 11, 23, 9, 0, tzinfo=UTC), "earlier today"),
    (datetime(2026, 11, 22, 9, 0, tzinfo=UTC), "yesterday"),
    (datetime(2026, 11, 19, 9, 0, tzinfo=UTC), "on Thursday"),
    (datetime(2026, 11, 13, 9, 0, tzinfo=UTC), "on Friday, 13 November"),
])
def test_when_it_was_says_the_real_day(then: datetime, said: str) -> None:
    assert when_it_was(then, MONDAY_NOON, "Europe/Madrid") == said


def test_when_it_was_counts_the_persons_own_days() -> None:
    """Sunday 23:00 UTC is Monday in Tokyo: seen from Monday noon there, that was earlier today."""
    assert when_it_was(datetime(2026, 11, 22, 23, 0, tzinfo=UTC), datetime(2026, 11, 23, 3, 0, tzinfo=UTC),
                       "Asia/Tokyo") == "earlier today"
    assert when_it_was(datetime(2026, 11, 22, 23, 0, tzinfo=UTC), datetime(2026, 11, 23, 3, 0, tzinfo=UTC),
                       "UTC") == "yesterday"
