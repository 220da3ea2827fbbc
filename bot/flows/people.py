"""Flows, Slack I/O: who a user is (name, picture, bot or not, time zone, Slack locale), cached briefly to spare
users.info calls."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str  # what Slack shows: display name, else real name, else handle
    first_name: str  # what a draft calls them
    image_url: str | None
    is_bot: bool
    deleted: bool
    tz: str | None = None
    locale: str | None = None  # Slack's language for them ("es-ES"), asked for with include_locale

    @property
    def is_active_human(self) -> bool:
        return not self.is_bot and not self.deleted


def person_from_user(user: dict) -> Person:
    profile = user.get("profile") or {}
    name = (
        profile.get("display_name")
        or profile.get("real_name")
        or user.get("real_name")
        or user.get("name")
        or user["id"]
    )
    first = profile.get("first_name") or str(name).split(" ")[0]
    return Person(
        id=user["id"],
        name=str(name),
        first_name=str(first),
        image_url=profile.get("image_192") or profile.get("image_72"),
        # Slackbot is a bot in every way that matters here, though Slack says is_bot=false.
        is_bot=bool(user.get("is_bot")) or user["id"] == "USLACKBOT",
        deleted=bool(user.get("deleted")),
        tz=user.get("tz"),
        locale=user.get("locale") if isinstance(user.get("locale"), str) else None,
    )


class PeopleDirectory:
    """users.info with a short TTL cache; an unknown user reads as a deactivated one."""

    def __init__(self, ttl_seconds: float = 600.0, max_entries: int = 10_000) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._cache: dict[tuple[str, str], tuple[float, Person]] = {}
        self._lock = threading.Lock()

    def cached(self, team_id: str, user_id: str) -> Person | None:
        """Who a user is, if looked up recently; never asks Slack (for a step that must not wait on it)."""
        with self._lock:
            hit = self._cache.get((team_id, user_id))
        return hit[1] if hit and hit[0] > time.monotonic() else None

    def askable(self, client: WebClient, team_id: str, user_id: str) -> bool:
        """Someone a double opt-in can ask: a bot or someone who left has no one to answer. The one check for
        every path that asks a better-placed person (a redirect's form, "Make the intro now")."""
        return self.get(client, team_id, user_id).is_active_human

    def get(self, client: WebClient, team_id: str, user_id: str) -> Person:
        key = (team_id, user_id)
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
        if hit and hit[0] > now:
            return hit[1]
        try:
            person = person_from_user(client.users_info(user=user_id, include_locale=True)["user"])
        except SlackApiError as error:
            if error.response.get("error") not in ("user_not_found", "user_not_visible"):
                raise
            person = Person(user_id, user_id, user_id, None, is_bot=False, deleted=True)
        with self._lock:
            if len(self._cache) >= self._max:
                self._cache.clear()  # crude but bounded: memory must not grow with traffic
            self._cache[key] = (now + self._ttl, person)
        return person
