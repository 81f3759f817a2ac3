"""Objectives, activities and assessment of a module, written to fit the hours it has.

Objectives are written as objectives ("By the end, participants can ..."), rewritten from the
framework's level descriptor of the level the module teaches up to; the activity practises one
of the competency's actions at that level (:func:`competency_actions`). Activities and assessment are chosen from the
tables below by the hours each competency gets in the module: a one-hour slot gets a short
exercise and a quiz, never a portfolio.
"""

from __future__ import annotations

import re

from advisor.curriculum.hours import FOUNDATION_TOP_LEVEL, competency_hours
from advisor.curriculum.model import Module
from advisor.knowledge.model import Knowledge

# (at least this many hours, kind of activity); the last row that fits is used.
ACTIVITIES_BY_HOURS: tuple[tuple[float, str], ...] = (
    (0.0, "Short input and guided discussion"),
    (2.0, "Guided exercise in pairs"),
    (4.0, "Case study in small groups, then a work-based assignment with peer review"),
)
# (at least this many hours, lowest level taught to, kind of assessment)
ASSESSMENTS_BY_HOURS: tuple[tuple[float, int, str], ...] = (
    (0.0, 1, "Short quiz or oral check"),
    (2.0, 1, "Scenario exercise marked against the objective"),
    (4.0, 3, "Work product from the assignment, reviewed by the trainer and a peer"),
    (8.0, 4, "Portfolio of evidence from the participant's own work"),
)

# Verbs of the descriptors ("Leads ...", "..., challenges ... and adds ..."), so that only verbs,
# never nouns such as "objectives", are turned into the base form an objective needs.
_VERBS = {
    "accept", "act", "add", "adapt", "adjust", "agree", "align", "analyse", "apply", "assess", "brief", "bring",
    "build", "challenge", "check", "choose", "clean", "coach", "collect", "combine", "communicate", "contribute",
    "coordinate", "define", "design", "develop", "document", "draw", "draft", "engage", "explain", "facilitate",
    "follow", "frame", "handle", "help", "identify", "improve", "invite", "know", "lead", "make", "manage",
    "mentor", "model", "name", "notice", "organise", "pass", "plan", "prepare", "produce", "propose", "protect",
    "publish", "read", "recognise", "record", "reform", "report", "resolve", "review", "revise", "run", "secure",
    "select", "set", "shape", "share", "show", "suggest", "summarise", "support", "take", "train", "try", "turn",
    "understand", "advise", "ask", "champion", "complete",
    "use", "work", "write",
}  # fmt: skip
_VERB_POSITION = re.compile(r"(^|, and |, |; |: | and | or )((?:[a-z]+ly )?)([A-Za-z]+)")
_IRREGULAR = {"is": "be", "has": "have", "does": "do"}
# "With guidance, drafts ..." reads "can draft ..., with guidance" as an objective.
_INTRO = re.compile(r"^((?:With|As) [^,]+), (.*)$")


def competency_actions(knowledge: Knowledge, competency_id: str, level: int) -> list[str]:
    """The competency's actions at ``level`` (``knowledge/actions``), as sentences."""
    return [a.text for a in knowledge.actions.get(competency_id, []) if a.level == level]


def base_form(verb: str) -> str:
    """The base form of a third-person verb: ``leads`` -> ``lead``, ``applies`` -> ``apply``."""
    lower = verb.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith("ies"):
        return lower[:-3] + "y"
    if lower.endswith(("sses", "ches", "shes", "xes")):
        return lower[:-2]
    return lower[:-1] if lower.endswith("s") else lower


def as_ability(descriptor: str) -> str:
    """A level descriptor's first sentence rewritten as what someone *can* do (no capital, no full stop)."""
    sentence = re.split(r"(?<=\.)\s", descriptor.strip(), maxsplit=1)[0].rstrip(".")
    intro = _INTRO.match(sentence)
    if intro:
        sentence = f"{intro.group(2)}, {intro.group(1)[0].lower()}{intro.group(1)[1:]}"
    sentence = re.sub(r"^Can ", "", sentence)
    sentence = sentence.replace(" and can ", " and ")

    def to_base(match: re.Match[str]) -> str:
        word = match.group(3)
        base = base_form(word)
        verb = word.lower() in _IRREGULAR or (word.lower().endswith("s") and base in _VERBS)
        return match.group(1) + match.group(2) + (base if verb else word)

    sentence = _VERB_POSITION.sub(to_base, sentence)
    return sentence[:1].lower() + sentence[1:]


def objective(knowledge: Knowledge, competency_id: str, level: int, who: str = "participants") -> str:
    """The objective for teaching ``competency_id`` up to ``level``: "By the end, participants can ..."."""
    ability = as_ability(knowledge.competencies[competency_id].levels[level])
    return f"By the end, {who} can {ability} ({competency_id}, level {level})."


def _pick(hours: float, table: tuple[tuple[float, str], ...]) -> str:
    return [kind for at_least, kind in table if hours + 1e-9 >= at_least][-1]


def write_module(knowledge: Knowledge, module: Module, personal: bool = False) -> None:
    """Fill a module's objectives, activities and assessment from its spans and hours."""
    who = "you" if personal else "participants"
    shares = competency_hours(module)
    module.objectives, module.activities, module.assessment = [], [], []
    for cid, (_, end) in module.spans.items():
        hours = shares[cid]
        shown = f"{round(hours * 2) / 2:g}"  # to the half hour, as the schedule shows time
        # The practice is one of the competency's actions at that level, else its first skill.
        actions = competency_actions(knowledge, cid, end)
        skill = (actions[0] if actions else knowledge.competencies[cid].skills[0]).rstrip(".")
        setting = (
            "a worked example from your own agency" if end <= FOUNDATION_TOP_LEVEL else "a live piece of your work"
        )
        module.objectives.append(objective(knowledge, cid, end, who))
        module.activities.append(
            f"{_pick(hours, ACTIVITIES_BY_HOURS)} ({cid}, about {shown} h): {skill}, on {setting}."
        )
        kind = [k for at_least, level, k in ASSESSMENTS_BY_HOURS if hours + 1e-9 >= at_least and end >= level][-1]
        module.assessment.append(f"{kind} ({cid}): shows the objective at level {end} is met.")
