"""Catalogue labels of the energy-flow diagram, the zoomable dispatch weeks, the finance figures of the
summary panel and the study pages (frontier, tornado, sweep, robustness, compare), key -> (zh, en).

Kept apart from :mod:`simulator.outputs.i18n` so that parallel edits of the two catalogues merge cleanly;
``i18n.LABELS`` includes these (a test checks that no key is defined twice).
"""
from __future__ import annotations

LABELS_MORE: dict[str, tuple[str, str]] = {
    # energy-flow (Sankey) diagram
    "sankey_title": ("全年电能流向", "Energy flows of the year"),
    "sankey_caption": ("全年电能流向（按年计；短时段为时段合计 × k）。仅电能；供热燃料见供热部分。",
                       "Energy flows of the year (per year; for a short horizon the horizon's sums × k). "
                       "Electricity only; fuel for heat is in the heat section."),
    "flow_bus": ("园区电网", "Park network"),
    "flow_pv": ("光伏（可发）", "PV (available)"),
    "flow_wind": ("风电（可发）", "Wind (available)"),
    "flow_grid_import": ("电网下网", "Grid import"),
    "flow_storage_discharge": ("储能放电", "Storage discharge"),
    "flow_unserved": ("缺供（未满足负荷）", "Unserved load"),
    "flow_storage_stock": ("储能存量减少", "Drawn from storage stock"),
    "flow_load": ("园区负荷", "Park load"),
    "flow_storage_charge": ("储能充电", "Storage charge"),
    "flow_export": ("上网", "Export"),
    "flow_curtailed": ("弃电", "Curtailment"),
    "flow_storage_returned": ("储能放出", "Returned by storage"),
    "flow_storage_losses": ("储能损耗", "Storage losses"),
    "flow_heat_electric": ("电制热用电", "Electricity for heat"),
    "flow_other_load": ("其他用电", "Other load"),
    # zoomable dispatch weeks
    "zoom_in": ("放大", "Zoom in"),
    "zoom_out": ("缩小", "Zoom out"),
    "zoom_reset": ("复位", "Reset"),
    "zoom_hint": ("滚轮缩放、拖动平移（时间轴）。", "Wheel to zoom, drag to pan (time axis)."),
    "week_rule": ("选周规则：该季节内连续7天风光可发电量与季节日均值最接近的一周（枯水期11–5月，丰水期6–10月）。",
                  "Week rule: the 7 days of the season whose green availability is closest to the season's "
                  "daily mean (dry season Nov–May, wet season Jun–Oct)."),
    # finance figures of the summary panel
    "finance_perspective_run": ("财务指标按项目投资方视角（绿电项目收益 = 园区相对仅电网方案节省的电费），"
                                "参数为默认值（标记 U 的为占位值），可用 zcpark finance 调整。",
                                "Finance figures from the project investor's perspective (the green-power "
                                "project earns the park's avoided grid cost against the grid-only twin), default "
                                "parameters (U-tagged placeholders); zcpark finance adjusts them."),
    "finance_short_horizon": ("注意：模拟时段不足一年，运行收益由该时段按比例折算为全年，带有该时段的季节特征。",
                              "Note: the horizon is shorter than a year; the operating benefit is the horizon's "
                              "scaled to a year and carries the season of the modelled period."),
    # study pages
    "study_scenario": ("方案", "Scenario"),
    "study_table": ("结果表", "Results table"),
    "study_chart": ("图", "Chart"),
    "frontier_title": ("成本–绿电比例前沿", "Cost frontier of a rule threshold"),
    "frontier_intro": ("逐一收紧规则限值并重新优化，得到年化成本随限值的变化。",
                       "The rule's threshold is tightened step by step and the park re-sized at each step."),
    "tornado_title": ("敏感性分析（龙卷风图）", "Sensitivity (tornado)"),
    "tornado_intro": ("每个输入分别上调和下调，相对基准最优解的变化。",
                      "Each input moved down and up on its own; change against the base optimum."),
    "sweep_title": ("成本参数扫描", "Cost sweep"),
    "sweep_intro": ("按倍数缩放一组成本并重新优化。", "One cost group scaled by each factor and the park re-sized."),
    "robustness_page_title": ("多气象年稳健性", "Robustness over weather years"),
    "compare_title": ("多方案对比", "Comparison of the runs of a study"),
    "col_threshold": ("限值", "Threshold"),
    "col_status": ("求解状态", "Status"),
    "col_cost": ("年化成本", "Annual cost"),
    "col_pv": ("光伏 (MW)", "PV (MW)"),
    "col_wind": ("风电 (MW)", "Wind (MW)"),
    "col_storage": ("储能 (MWh)", "Storage (MWh)"),
    "col_curtailment": ("弃电率", "Curtailment"),
    "col_green_share": ("绿电占比", "Green share"),
    "col_factor": ("倍数", "Factor"),
    "col_input": ("输入", "Input"),
    "col_metric": ("指标", "Metric"),
    "col_base": ("基准值", "Base"),
    "col_low": ("下调", "Down"),
    "col_high": ("上调", "Up"),
    "col_run": ("算例", "Run"),
    "col_message": ("说明", "Message"),
    "col_links": ("链接", "Links"),
    "rule_off": ("不施加该规则", "Rule switched off"),
    "off_grid_variant": ("离网方案", "Off-grid variant"),
    "cheaper_from": ("离网更便宜的起点", "Off-grid cheaper from"),
    "never_cheaper": ("在此范围内离网从不更便宜", "off-grid never cheaper in this range"),
}
