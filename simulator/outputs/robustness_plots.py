"""Plot of the robustness block of ``summary.json`` (plain data in, matplotlib ``Figure`` out).

The HTML report embeds it in its robustness section (simulator/outputs/robustness_section.py).
"""
from __future__ import annotations

from matplotlib.figure import Figure

from simulator.outputs.plots import plot_style

_TEXT = {
    "en": {"title": "Green share by month in each weather year", "month": "month",
           "share": "green share (self-consumed / load)", "limit": "650号 threshold",
           "single": "single-year design", "robust": "robust design"},
    "zh": {"title": "各气象年逐月绿电占比", "month": "月份", "share": "绿电占比（自发自用 / 用电量）",
           "limit": "650号 门槛", "single": "单年最优方案", "robust": "稳健方案"},
}


def monthly_green_share_by_year(robustness: dict, green_share_min_fraction: float, lang: str = "en") -> Figure:
    """One line per weather year of the monthly green share [-], for the single-year design and (if
    present) the robust design side by side, with the green-share threshold as a dashed line.

    Parameters
    ----------
    robustness : dict
        The ``robustness`` block of summary.json.
    green_share_min_fraction : float
        φ [-], drawn as the threshold.
    lang : str
        ``en`` or ``zh``.
    """
    text = _TEXT.get(lang, _TEXT["en"])
    panels = [("single", robustness["single_year_design"]["evaluation"])]
    robust = robustness.get("robust_design", {})
    if "evaluation" in robust:
        panels.append(("robust", robust["evaluation"]))
    with plot_style():
        fig = Figure(figsize=(5.5 * len(panels), 4))
        axes = fig.subplots(1, len(panels), squeeze=False, sharey=True)[0]
        for ax, (key, evaluation) in zip(axes, panels):
            for year, monthly in evaluation["monthly_green_share"].items():
                months = sorted(int(m) for m in monthly)
                ax.plot(months, [monthly[m] if m in monthly else monthly[str(m)] for m in months],
                        marker="o", linewidth=1, label=year)
            ax.axhline(green_share_min_fraction, color="black", linestyle="--", label=text["limit"])
            ax.set_title(text[key], fontsize=10)
            ax.set_xlabel(text["month"])
        axes[0].set_ylabel(text["share"])
        axes[-1].legend(fontsize=7, loc="best")
        fig.suptitle(text["title"])
        fig.tight_layout()
    return fig
