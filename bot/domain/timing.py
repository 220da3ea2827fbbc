"""Domain: the timings the etiquette recommends, as pure functions of `now`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.i18n import _, format_day, format_weekday

# A redirect is a promise to connect within a week: five working days. "I need a few days": three. Counted in
# working days, so a default date never lands on a weekend (a redirect made on a Sunday is due on Friday, not on
# the next Sunday); a decline handed back should be relayed within 48 hours (the window for answering an intro).
REDIRECT_WORKING_DAYS = 5
NEED_TIME_WORKING_DAYS = 3
RELAY_DECLINE_WINDOW = timedelta(hours=48)
# A promise "by <day>" falls due that morning, in the promiser's own time zone.
DUE_TIME_OF_DAY = time(9, 0)


def zone(tz_name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(tz_name) if tz_name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_today(now: datetime, tz_name: str | None) -> date:
    return now.astimezone(zone(tz_name)).date()


def local_day(moment: datetime, tz_name: str | None) -> str:
    """A moment as the day it is for the person, e.g. "Friday, 27 November"."""
    return format_day(local_today(moment, tz_name))


# The etiquette keeps a redirect, or an answer after "I need time", within a week.
PRACTICE_WINDOW_DAYS = 7


def beyond_the_practice(day: date | None, today: date) -> bool:
    """A promised date further than a week off: the person can still choose it, with a word on the practice."""
    return day is not None and (day - today).days > PRACTICE_WINDOW_DAYS


def working_days_after(day: date, count: int) -> date:
    """The `count`th working day (Monday to Friday) after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def default_connect_by(now: datetime, tz_name: str | None) -> date:
    """A week's worth of working days from today, where the person is."""
    return working_days_after(local_today(now, tz_name), REDIRECT_WORKING_DAYS)


def default_get_back_by(now: datetime, tz_name: str | None) -> date:
    return working_days_after(local_today(now, tz_name), NEED_TIME_WORKING_DAYS)


def when_it_was(moment: datetime, now: datetime, tz_name: str | None) -> str:
    """When something happened, as the person would say it: "earlier today", "yesterday", "on Tuesday" (within the
    week), else "on Friday, 27 November"; their own calendar days, from the real dates."""
    day, today = local_today(moment, tz_name), local_today(now, tz_name)
    days = (today - day).days
    if days <= 0:
        return _("earlier today")
    if days == 1:
        return _("yesterday")
    if days < 7:
        # Translators: when something happened within the last week; {weekday} is a weekday name ("Tuesday").
        return _("on {weekday}", weekday=format_weekday(day))
    # Translators: when something happened over a week ago; {day} is a weekday and a date ("Friday, 27 November").
    return _("on {day}", day=format_day(day))


def due_on(day: date, tz_name: str | None) -> datetime:
    """The moment a promise made "by `day`" falls due, as aware UTC."""
    return datetime.combine(day, DUE_TIME_OF_DAY, tzinfo=zone(tz_name)).astimezone(UTC)


def relay_decline_due(now: datetime) -> datetime:
    return now + RELAY_DECLINE_WINDOW
