"""The gap chart: each competency, named in the interface language, with its current and target level.

Bars come in pairs (current, target) on one row per competency, each labelled with its value,
so a current level of 0 ("not assessed" or "not started") is still visible as a written 0.
"""

from __future__ import annotations

from typing import Any

from advisor import i18n
from advisor.catalogue import COMPETENCY_IDS
from advisor.curriculum.model import Curriculum
from advisor.knowledge.model import Knowledge

CURRENT_COLOUR = "#D9822B"
TARGET_COLOUR = "#1F5FA8"
ROW_PIXELS = 34


def gap_chart_rows(curriculum: Curriculum, knowledge: Knowledge, lang: str) -> list[dict[str, Any]]:
    """Two rows per competency (current, target), labelled in ``lang`` (titles fall back to English)."""
    current, target = i18n.text(lang, "ui.current"), i18n.text(lang, "ui.target")
    rows = []
    for gap in curriculum.gaps:
        name = f"{gap['competency']} {knowledge.title(gap['competency'], lang)}"
        rows.append({"competency": name, "series": current, "level": gap["current"]})
        rows.append({"competency": name, "series": target, "level": gap["target"]})
    return rows


def gap_chart(curriculum: Curriculum, knowledge: Knowledge, lang: str) -> Any:
    """An Altair chart of :func:`gap_chart_rows`: paired horizontal bars with their values written."""
    import altair as alt

    rows = gap_chart_rows(curriculum, knowledge, lang)
    series = [i18n.text(lang, "ui.current"), i18n.text(lang, "ui.target")]
    order = list(dict.fromkeys(r["competency"] for r in rows))
    y = alt.Y("competency:N", sort=order, title=None, axis=alt.Axis(labelLimit=360))
    y_offset = alt.YOffset("series:N", sort=series)
    base = alt.Chart(alt.Data(values=rows))
    bars = base.mark_bar().encode(
        y=y,
        yOffset=y_offset,
        x=alt.X(
            "level:Q",
            scale=alt.Scale(domain=[0, 4]),
            axis=alt.Axis(values=[0, 1, 2, 3, 4], format="d"),
            title=i18n.text(lang, "ui.chart_level"),
        ),
        color=alt.Color(
            "series:N",
            scale=alt.Scale(domain=series, range=[CURRENT_COLOUR, TARGET_COLOUR]),
            legend=alt.Legend(orient="top", title=None),
        ),
        tooltip=["competency:N", "series:N", "level:Q"],
    )
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(y=y, yOffset=y_offset, x="level:Q", text="level:Q")
    height = ROW_PIXELS * len({g["competency"] for g in curriculum.gaps} or set(COMPETENCY_IDS))
    return (bars + labels).properties(height=height)
