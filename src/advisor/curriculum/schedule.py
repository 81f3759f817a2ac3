"""The schedule: modules laid, in their dependency order, into sessions and days.

Sessions last ``session_hours`` (the last one may be shorter) and a day has at most
:data:`SESSIONS_PER_DAY`. A module longer than a session continues in the next one; a session
can finish one module and start the next, so no time is lost between modules.
"""

from __future__ import annotations

from typing import Any

from advisor.curriculum.model import Module, Session

SESSIONS_PER_DAY = 2
_EPSILON = 1e-9


def build_schedule(modules: list[Module], session_hours: float) -> list[Session]:
    """Sessions that teach ``modules`` in order; their hours add up to the modules' hours.

    Args:
        modules: modules in dependency order (no module needs a later one).
        session_hours: the length of a full session.

    Returns:
        The sessions, numbered by day and by session within the day.
    """
    sessions: list[Session] = []
    parts: list[dict[str, Any]] = []
    room = session_hours

    def close() -> None:
        nonlocal parts, room
        number = len(sessions)
        hours = round(sum(p["hours"] for p in parts), 6)
        titles = list(dict.fromkeys(str(p["title"]) for p in parts))
        sessions.append(Session(number // SESSIONS_PER_DAY + 1, number % SESSIONS_PER_DAY + 1, hours, titles, parts))
        parts, room = [], session_hours

    for number, module in enumerate(modules, start=1):
        left = module.hours
        while left > _EPSILON:
            taken = min(left, room)
            parts.append({"module": number, "title": module.title, "hours": round(taken, 6)})
            left -= taken
            room -= taken
            if room <= _EPSILON:
                close()
    if parts:
        close()
    return sessions


def sessions_of(schedule: list[Session], module_number: int) -> list[Session]:
    """The sessions in which module ``module_number`` (1-based) is taught."""
    return [s for s in schedule if any(p["module"] == module_number for p in s.parts)]
