"""Domain: when a nudge may land and when the next one falls due, as pure functions of `now`.

From the etiquette: answer an intro within 48 hours; a promise gets a reminder on
its date, one more two days later, then a last one (three at most); reminders land
in the person's working hours, in their own time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.i18n import N_
from bot.domain.timing import DUE_TIME_OF_DAY, zone

OPEN_INTRO_AFTER = timedelta(hours=48)
NUDGE_GAP = timedelta(days=2)
MAX_NUDGES = 3


@dataclass(frozen=True, slots=True)
class WorkingHours:
    start: time = time(9, 0)
    end: time = time(18, 0)
    weekends: bool = False

    def contains(self, local: datetime) -> bool:
        return self._workday(local.date()) and self.start <= local.time() < self.end

    def _workday(self, day: date) -> bool:
        return self.weekends or day.weekday() < 5


def next_working_moment(moment: datetime, tz_name: str | None, hours: WorkingHours) -> datetime:
    """`moment` if it falls in the person's working hours, else the start of their next working day (UTC)."""
    local = moment.astimezone(zone(tz_name))
    if hours.contains(local):
        return moment
    day = local.date() if local.time() < hours.start else local.date() + timedelta(days=1)
    while not hours._workday(day):
        day += timedelta(days=1)
    return datetime.combine(day, hours.start, tzinfo=local.tzinfo).astimezone(UTC)


def next_nudge_after(sent: int, now: datetime) -> datetime | None:
    """After the `sent`-th nudge of a promise: when the next is due, or None once the last one went."""
    return now + NUDGE_GAP if sent < MAX_NUDGES else None


class Snooze(StrEnum):
    ONE_DAY = "1d"
    THREE_DAYS = "3d"
    NEXT_WEEK = "week"


# Translated where shown: _(SNOOZE_LABELS[snooze]).
SNOOZE_LABELS = {Snooze.ONE_DAY: N_("1 day"), Snooze.THREE_DAYS: N_("3 days"), Snooze.NEXT_WEEK: N_("Next week")}


def snoozed_until(snooze: Snooze, now: datetime, tz_name: str | None) -> datetime:
    """Snoozing moves the reminder to a morning: tomorrow, in three days, or next Monday (the person's time)."""
    today = now.astimezone(zone(tz_name)).date()
    if snooze is Snooze.NEXT_WEEK:
        day = today + timedelta(days=7 - today.weekday())
    else:
        day = today + timedelta(days=1 if snooze is Snooze.ONE_DAY else 3)
    return datetime.combine(day, DUE_TIME_OF_DAY, tzinfo=zone(tz_name)).astimezone(UTC)


# The weekly digest: Monday morning, in each person's own time zone.
DIGEST_WEEKDAY = 0
DIGEST_TIME = time(9, 0)
EARLIEST_ZONE = "Etc/GMT-14"  # UTC+14: where Monday morning comes first


def this_weeks_digest_at(now: datetime, tz_name: str | None) -> datetime:
    """Monday 09:00 of the person's current local week, as UTC."""
    local = now.astimezone(zone(tz_name))
    monday = local.date() - timedelta(days=(local.weekday() - DIGEST_WEEKDAY) % 7)
    return datetime.combine(monday, DIGEST_TIME, tzinfo=local.tzinfo).astimezone(UTC)


def next_digest_at(now: datetime, tz_name: str | None) -> datetime:
    """The first Monday 09:00 in the person's time zone after `now`."""
    this_week = this_weeks_digest_at(now, tz_name)
    if this_week > now:
        return this_week
    local = this_week.astimezone(zone(tz_name))
    return datetime.combine(local.date() + timedelta(days=7), DIGEST_TIME, tzinfo=local.tzinfo).astimezone(UTC)


def first_digest_check(now: datetime) -> datetime:
    """When to first look at a new person's digest: their time zone is learnt then, from Slack."""
    return next_digest_at(now, EARLIEST_ZONE)
