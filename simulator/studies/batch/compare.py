"""Comparison across the runs of a study: plots against each varied input, a ranking of parks, an HTML index.

``compare(out_dir)`` rebuilds the summary from ``DIR/runs/`` and writes

- ``DIR/compare/vs_<input>.png``: installed capacities [MW, MWh], declared connection [MW] and the
  cost of supply [CNY/kWh of load] against each numeric varied input, one colour per scenario file,
  every optimal run a dot and the median per input value a line;
- ``DIR/compare/ranking.png``: scenarios (parks) ranked by the cost of compliant supply, i.e. the
  annual cost of the optimal, rule-compliant system per kWh of load (``cost_of_supply_cny_per_kwh``;
  bar = median over the park's optimal runs, whiskers = min and max);
- ``DIR/compare_zh.html`` / ``DIR/compare_en.html`` (plots embedded) and ``DIR/index.html`` (English, plots
  linked): the plots and one table row per run with its status, message, key numbers and
  links to its folder, its ``summary.json`` and its reports (every ``*.html`` in the run folder, such
  as ``report_zh.html`` from ``zcpark batch --report zh`` or ``zcpark report``) when there are any
  (:mod:`simulator.outputs.study_pages`, Jinja2 template ``study.html.j2``).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.studies.batch.summary import RUNS, build_summary, replace_atomically

COMPARE = "compare"
PANELS = (("pv_kw", "PV [MW]", 1e-3), ("wind_kw", "wind [MW]", 1e-3), ("storage_kwh", "storage energy [MWh]", 1e-3),
          ("storage_kw", "storage power [MW]", 1e-3), ("grid_connection_kw", "declared connection [MW]", 1e-3),
          ("cost_of_supply_cny_per_kwh", "cost of supply [CNY/kWh]", 1.0))


def varied_keys(frame: pd.DataFrame, out_dir: Path) -> list[str]:
    """The varied inputs: from ``study.json`` when present, else the dotted-key columns of the summary."""
    study = out_dir / "study.json"
    if study.is_file():
        try:
            keys = json.loads(study.read_text(encoding="utf-8")).get("varied_keys", [])
            return [k for k in keys if k in frame.columns]
        except ValueError:
            pass
    return [c for c in frame.columns if "." in c and c != "scenario_file"]


def _numeric(series: pd.Series) -> pd.Series | None:
    values = pd.to_numeric(series, errors="coerce")
    if values.notna().sum() == 0 or values.notna().sum() < series.notna().sum():
        return None
    return values


def _labels(frame: pd.DataFrame) -> pd.Series:
    """Scenario label: the park name, with the file stem added when two files share a name."""
    names = frame["scenario"].astype(str)
    stems = frame["scenario_file"].map(lambda p: Path(str(p)).stem)
    clash = names.groupby(names).transform(lambda s: stems[s.index].nunique() > 1)
    return names.where(~clash, names + " (" + stems + ")")


def plot_vs_input(frame: pd.DataFrame, key: str):
    """Capacities and cost of supply against one varied input (optimal runs only); None if not numeric."""
    import matplotlib.pyplot as plt

    ok = frame[frame["status"] == "optimal"]
    x = _numeric(ok[key]) if not ok.empty else None
    if x is None:
        return None
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.5), constrained_layout=True)
    labels = _labels(ok)
    for ax, (column, title, scale) in zip(axes.ravel(), PANELS):
        if column not in ok.columns:
            ax.set_visible(False)
            continue
        for label in sorted(labels.unique()):
            rows = labels == label
            y = pd.to_numeric(ok.loc[rows, column], errors="coerce") * scale
            line = ax.plot(x[rows], y, "o", alpha=0.6, label=label)[0]
            median = y.groupby(x[rows]).median().sort_index()
            ax.plot(median.index, median.values, "-", color=line.get_color())
        ax.set_title(title)
        ax.set_xlabel(key)
        ax.grid(alpha=0.3)
    axes.ravel()[0].legend(fontsize="small")
    fig.suptitle(f"Optimal designs against {key} (dots: runs, lines: median)")
    return fig


def plot_ranking(frame: pd.DataFrame):
    """Scenarios ranked by the cost of compliant supply [CNY/kWh]; None if no run is optimal."""
    import matplotlib.pyplot as plt

    ok = frame[frame["status"] == "optimal"].copy()
    if ok.empty or "cost_of_supply_cny_per_kwh" not in ok.columns:
        return None
    ok["label"] = _labels(ok)
    all_labels = _labels(frame)
    stats = ok.groupby("label")["cost_of_supply_cny_per_kwh"].agg(["median", "min", "max", "count"])
    stats = stats.sort_values("median")
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(stats) + 1.5), constrained_layout=True)
    pos = np.arange(len(stats))
    err = np.vstack([stats["median"] - stats["min"], stats["max"] - stats["median"]])
    ax.barh(pos, stats["median"], xerr=err, color="#4c72b0", capsize=3)
    names = []
    for label, row in stats.iterrows():
        others = int((all_labels == label).sum() - row["count"])
        names.append(f"{label} ({int(row['count'])} optimal" + (f", {others} not)" if others else ")"))
    ax.set_yticks(pos, names)
    ax.invert_yaxis()
    ax.set_xlabel("annual cost of compliant supply per kWh of load [CNY/kWh] (median, min-max)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("Parks ranked by cost of compliance")
    return fig


def _save(fig, path: Path) -> Path:
    import matplotlib.pyplot as plt

    replace_atomically(lambda tmp: fig.savefig(tmp, format="png", dpi=110), path)
    plt.close(fig)
    return path


def _report_links(folder: Path) -> list[str]:
    """HTML files of a run folder (``report_zh.html``, ``report_en.html``, ...), sorted."""
    return sorted(p.name for p in folder.glob("*.html")) if folder.is_dir() else []


def compare(out_dir: str | Path) -> list[Path]:
    """Write the comparison plots and ``index.html`` of a study folder; return the files written.

    Parameters
    ----------
    out_dir : path
        A folder written by :func:`simulator.studies.batch.run_study` (``runs/<id>/`` inside).
    """
    out_dir = Path(out_dir)
    frame = build_summary(out_dir)
    keys = varied_keys(frame, out_dir)
    folder = out_dir / COMPARE
    folder.mkdir(parents=True, exist_ok=True)
    plots = []
    for key in keys:
        fig = plot_vs_input(frame, key)
        if fig is not None:
            plots.append(_save(fig, folder / f"vs_{key.replace('.', '_')}.png"))
    fig = plot_ranking(frame)
    if fig is not None:
        plots.append(_save(fig, folder / "ranking.png"))
    title = "Study " + out_dir.resolve().name
    study = out_dir / "study.json"
    if study.is_file():
        try:
            title = "Study " + json.loads(study.read_text(encoding="utf-8")).get("name", out_dir.name)
        except ValueError:
            pass
    from simulator.outputs.study_pages import compare_page, render, write_pages

    name = title.removeprefix("Study ")
    links = lambda rid: _report_links(out_dir / RUNS / rid)  # noqa: E731
    text = render(compare_page(frame, keys, plots, name, "en", links, RUNS, image_dir=COMPARE), "en")
    page = out_dir / "index.html"  # the English page with linked plots, as before both languages
    replace_atomically(lambda tmp: Path(tmp).write_text(text, encoding="utf-8"), page)
    pages = write_pages(lambda lang: compare_page(frame, keys, plots, name, lang, links, RUNS), out_dir, "compare")
    return [*plots, page, *pages]
