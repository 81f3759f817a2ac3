"""Objectives, activities and assessment of a module, written to fit the hours it has.

Objectives are written as objectives ("By the end, participants can ..."), rewritten from the
framework's level descriptor of the level the module teaches up to; the activity practises one
of the competency's actions at that level (:func:`competency_actions`). Activities and assessment are chosen from the
tables below by the hours each competency gets in the module: a one-hour slot gets a short
exercise and a quiz, never a portfolio.

In another language of delivery, no English grammar is applied: a translated frame
("Pada akhir modul, peserta mampu menunjukkan ...") surrounds the translated level descriptor,
and the activity quotes the translated action. Every frame is in the ``curriculum`` section of
the locale files; :class:`~advisor.curriculum.wording.Wording` notes what fell back to English.
"""

from __future__ import annotations

import re

from advisor.curriculum.hours import FOUNDATION_TOP_LEVEL, competency_hours
from advisor.curriculum.model import Module
from advisor.curriculum.wording import Wording
from advisor.knowledge.actions import Action
from advisor.knowledge.model import Knowledge

# (at least this many hours, kind of activity); the last row that fits is used. The kinds are
# keys of the locales' ``curriculum`` section (English: "Short input and guided discussion",
# "Guided exercise in pairs", "Case study in small groups, then a work-based assignment ...").
ACTIVITIES_BY_HOURS: tuple[tuple[float, str], ...] = (
    (0.0, "activity_input"),
    (2.0, "activity_pairs"),
    (4.0, "activity_case"),
)
# (at least this many hours, lowest level taught to, kind of assessment); English: "Short quiz
# or oral check", "Scenario exercise ...", "Work product from the assignment ...", "Portfolio ...".
ASSESSMENTS_BY_HOURS: tuple[tuple[float, int, str], ...] = (
    (0.0, 1, "assessment_quiz"),
    (2.0, 1, "assessment_scenario"),
    (4.0, 3, "assessment_work"),
    (8.0, 4, "assessment_portfolio"),
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
    return [a.text for a in level_actions(knowledge, competency_id, level)]


def level_actions(knowledge: Knowledge, competency_id: str, level: int) -> list[Action]:
    """The competency's actions at ``level``, with their ids (for their translations)."""
    return [a for a in knowledge.actions.get(competency_id, []) if a.level == level]


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


def objective(
    knowledge: Knowledge, competency_id: str, level: int, personal: bool = False, wording: Wording | None = None
) -> str:
    """The objective for teaching ``competency_id`` up to ``level``: "By the end, participants can ..."."""
    words = wording or Wording(knowledge, "en")
    frame = "objective_personal" if personal else "objective_cohort"
    found = words.competency(competency_id)
    # Another language gets the whole first sentence of its descriptor, untouched: English verb
    # rules would mangle it, so its frame is written to take any descriptor as it stands.
    descriptor = found.levels[level]
    ability = as_ability(descriptor) if words.english else _first_sentence(descriptor)
    text = words.text(frame, ability=ability, cid=competency_id, level=level, level_name=words.level_name(level))
    return words.marked(text, found.fell_back)


def _first_sentence(descriptor: str) -> str:
    return re.split(r"(?<=[.!?])\s", descriptor.strip(), maxsplit=1)[0]


def _pick(hours: float, table: tuple[tuple[float, str], ...]) -> str:
    return [kind for at_least, kind in table if hours + 1e-9 >= at_least][-1]


def write_module(knowledge: Knowledge, module: Module, personal: bool = False, wording: Wording | None = None) -> None:
    """Fill a module's objectives, activities and assessment from its spans and hours.

    Args:
        knowledge: the knowledge base.
        module: the module, with its spans and hours set.
        personal: a personal plan ("you can ...") rather than a cohort's course.
        wording: the language of delivery and its fallback record (default: English).
    """
    words = wording or Wording(knowledge, "en")
    shares = competency_hours(module)
    module.objectives, module.activities, module.assessment = [], [], []
    for cid, (_, end) in module.spans.items():
        hours = shares[cid]
        shown = words.number(round(hours * 2) / 2)  # to the half hour, as the schedule shows time
        # The practice is one of the competency's actions at that level, else its first skill.
        actions = level_actions(knowledge, cid, end)
        if actions:
            practice, in_english = words.action(actions[0])
        else:
            found = words.competency(cid)
            practice, in_english = found.skills[0], found.fell_back
        if words.english:
            practice = practice.rstrip(".")  # the English frame continues the sentence
        setting = words.text("setting_example" if end <= FOUNDATION_TOP_LEVEL else "setting_live")
        module.objectives.append(objective(knowledge, cid, end, personal, words))
        activity = words.text(
            "activity",
            kind=words.text(_pick(hours, ACTIVITIES_BY_HOURS)),
            cid=cid,
            hours=shown,
            practice=practice,
            setting=setting,
        )
        module.activities.append(words.marked(activity, in_english))
        kind = [k for at_least, level, k in ASSESSMENTS_BY_HOURS if hours + 1e-9 >= at_least and end >= level][-1]
        module.assessment.append(
            words.text("assessment", kind=words.text(kind), cid=cid, level=end, level_name=words.level_name(end))
        )
