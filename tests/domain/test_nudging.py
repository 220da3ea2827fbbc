"""When nudges may land and when the next falls due."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from bot.domain.nudging import (
    MAX_NUDGES,
    Snooze,
    WorkingHours,
    first_digest_check,
    next_digest_at,
    next_nudge_after,
    next_working_moment,
    snoozed_until,
    this_weeks_digest_at,
)

HOURS = WorkingHours()  # 09:00-18:00, weekdays
UTC = UTC


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(("now", "tz", "expected"), [
    # Monday 2026-11-23
    ("2026-11-23T15:00", "Europe/Berlin", "2026-11-23T15:00"),  # 16:00 in Berlin: now
    ("2026-11-23T02:00", "Europe/Berlin", "2026-11-23T08:00"),  # 03:00 in Berlin: 09:00 Berlin
    ("2026-11-23T20:00", "Europe/Berlin", "2026-11-24T08:00"),  # 21:00 in Berlin: next morning
    ("2026-11-23T15:00", "America/Los_Angeles", "2026-11-23T17:00"),  # 07:00 in LA: 09:00 LA
    ("2026-11-23T15:00", "Asia/Tokyo", "2026-11-24T00:00"),  # Tuesday 00:00 in Tokyo: 09:00 Tokyo
    ("2026-11-27T20:00", "Europe/London", "2026-11-30T09:00"),  # Friday evening: Monday morning
    ("2026-11-28T12:00", "Europe/London", "2026-11-30T09:00"),  # Saturday noon: Monday morning
    ("2026-11-23T15:00", None, "2026-11-23T15:00"),  # no time zone known: UTC
])
def test_nudges_land_in_working_hours_in_the_persons_time_zone(now: str, tz: str | None, expected: str) -> None:
    assert next_working_moment(utc(now), tz, HOURS) == utc(expected)


def test_weekends_can_be_allowed_and_hours_changed() -> None:
    saturday = utc("2026-11-28T12:00")
    assert next_working_moment(saturday, "UTC", WorkingHours(weekends=True)) == saturday
    early = WorkingHours(start=time(7), end=time(12))
    assert next_working_moment(utc("2026-11-23T12:30"), "UTC", early) == utc("2026-11-24T07:00")


def test_daylight_saving_change_keeps_the_local_morning() -> None:
    # Europe/Berlin leaves summer time on 2026-10-25: 09:00 local is 07:00 UTC before, 08:00 UTC after.
    assert next_working_moment(utc("2026-10-24T20:00"), "Europe/Berlin", HOURS) == utc("2026-10-26T08:00")


def test_a_promise_is_nudged_at_most_three_times_two_days_apart() -> None:
    now = utc("2026-11-23T10:00")
    assert [next_nudge_after(n, now) for n in range(1, MAX_NUDGES + 1)] == [
        now + timedelta(days=2), now + timedelta(days=2), None]


@pytest.mark.parametrize(("snooze", "expected"), [
    (Snooze.ONE_DAY, "2026-11-24T14:00"),
    (Snooze.THREE_DAYS, "2026-11-26T14:00"),
    (Snooze.NEXT_WEEK, "2026-11-30T14:00"),
])
def test_snoozing_moves_the_reminder_to_a_morning(snooze: Snooze, expected: str) -> None:
    # Monday 2026-11-23 10:00 in New York (15:00 UTC); 09:00 New York is 14:00 UTC.
    assert snoozed_until(snooze, utc("2026-11-23T15:00"), "America/New_York") == utc(expected)


@pytest.mark.parametrize(("now", "tz", "this_week", "following"), [
    ("2026-11-23T15:00", "America/New_York", "2026-11-23T14:00", "2026-11-30T14:00"),  # Monday 10:00 NY
    ("2026-11-23T13:00", "America/New_York", "2026-11-23T14:00", "2026-11-23T14:00"),  # Monday 08:00 NY
    ("2026-11-22T23:30", "Asia/Tokyo", "2026-11-23T00:00", "2026-11-23T00:00"),  # Monday 08:30 Tokyo
    ("2026-11-26T12:00", "Europe/Berlin", "2026-11-23T08:00", "2026-11-30T08:00"),  # Thursday
])
def test_the_digest_is_monday_morning_in_the_persons_time_zone(
    now: str, tz: str, this_week: str, following: str
) -> None:
    assert this_weeks_digest_at(utc(now), tz) == utc(this_week)
    assert next_digest_at(utc(now), tz) == utc(following)


def test_a_new_persons_first_digest_is_checked_before_monday_morning_anywhere() -> None:
    # Sunday 19:00 UTC is Monday 09:00 at UTC+14, the first place Monday morning arrives.
    assert first_digest_check(utc("2026-11-24T10:00")) == utc("2026-11-29T19:00")
