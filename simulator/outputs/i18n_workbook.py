"""Catalogue entries of the workbooks, of the robustness and milestones outputs and of the terminal summary
(``zh``, ``en``).

Merged into :data:`simulator.outputs.i18n.LABELS` (one catalogue per language); kept apart only so that the
workbook's and terminal's labels can change without touching the report's. Terminal entries (``t_*``) may be
templates with ``{name}`` fields. :data:`COLUMN_PATTERNS` name the columns a
scenario adds per technology (``pv_<type>_kw``, ``storage_<technology>_soc_kwh``, ``heat_<technology>_kw``
...): the technology's own name is kept as the user wrote it, the rest is translated.

Sheet names obey Excel's rules: at most 31 characters, none of ``[]:*?/\\``.
"""
from __future__ import annotations

#: key -> (zh, en)
WORKBOOK_LABELS: dict[str, tuple[str, str]] = {
    # sheet names (Excel: <= 31 characters, no []:*?/\)
    "sheet_summary": ("汇总", "Summary"),
    "sheet_compliance": ("合规", "Compliance"),
    "sheet_capacities": ("装机容量", "Capacities"),
    "sheet_costs": ("成本", "Costs"),
    "sheet_enterprises": ("企业分摊", "Enterprises"),
    "sheet_monthly": ("月度", "Monthly"),
    "sheet_hourly": ("逐时调度", "Hourly dispatch"),
    "sheet_robustness": ("稳健性", "Robustness"),
    "sheet_milestones": ("分阶段建设", "Milestones"),
    "sheet_sites": ("电源点与专线", "Sites and lines"),
    "sheet_hydrogen": ("氢能", "Hydrogen"),
    "sheet_heat": ("供热与供冷", "Heat and cooling"),
    # summary and costs sheets
    "share_of_total": ("占比", "Share"),
    "heat_demand_kw": ("热负荷", "Heat demand"),
    "heat_electric_kw": ("供热用电", "Electricity for heat"),
    "green_purchase_kw": ("绿证购买（按时段）", "Green certificates bought (per step)"),
    # robustness sheet
    "design": ("方案", "Design"),
    "metric": ("指标", "Metric"),
    "p50": ("P50", "P50"),
    "p90": ("P90", "P90"),
    "min": ("最小值", "Min"),
    "max": ("最大值", "Max"),
    "single_year_design": ("单年优化方案", "Single-year design"),
    "robust_design": ("稳健方案（每年均满足规则）", "Robust design (rules met in every year)"),
    "years_meeting_rule": ("满足该规则的年份比例", "Share of years meeting the rule"),
    "cost_total_cny_per_yr": ("年化总成本", "Annual cost"),
    "robust_extra_cost_cny_per_yr": ("稳健方案相对单年方案的年均成本差", "Mean annual cost, robust minus single-year design"),
    "weather_year": ("气象年", "Weather year"),
    "ghi_kwh_per_m2_yr": ("年水平面总辐照量", "Annual global horizontal irradiation"),
    "dry_season_share_fraction": ("枯水期（11–4月）辐照占比", "Dry-season (Nov-Apr) share of irradiation"),
    "single_green_share": ("单年方案 绿电占比", "Single-year design: green share"),
    "single_self_consumption": ("单年方案 自发自用比例", "Single-year design: self-consumption"),
    "single_feed_in": ("单年方案 上网比例", "Single-year design: feed-in"),
    "robust_green_share": ("稳健方案 绿电占比", "Robust design: green share"),
    # milestones sheet
    "milestone_year": ("里程碑年份", "Milestone year"),
    "built_pv_kw": ("当期新增 光伏", "Built: PV"),
    "built_wind_kw": ("当期新增 风电", "Built: wind"),
    "built_storage_kwh": ("当期新增 储能容量", "Built: storage energy"),
    "built_storage_kw": ("当期新增 储能功率", "Built: storage power"),
    "period_load_kwh": ("年用电量", "Load"),
    "green_share_min_fraction": ("绿电占比门槛", "Green-share threshold"),
    "storage_soh_fraction": ("储能健康度（未补容）", "Storage state of health (no augmentation)"),
    "augmentation_kwh_per_yr": ("补容电量", "Augmentation"),
    "augmentation_cny_per_yr": ("补容费用", "Augmentation cost"),
    "present_value_cny": ("现值", "Present value"),
    # solve status and time-of-use bands (values shown in the sheets)
    "status_optimal": ("最优", "optimal"),
    "status_infeasible": ("无可行解", "infeasible"),
    "status_error": ("出错", "error"),
    "band_peak": ("峰", "peak"), "band_flat": ("平", "flat"), "band_valley": ("谷", "valley"),
    "band_sharp": ("尖峰", "sharp peak"), "band_deep_valley": ("深谷", "deep valley"),
    "band_wet": ("丰水期", "wet season"), "band_dry": ("枯水期", "dry season"),
    "band_shoulder": ("平水期", "shoulder season"), "band_series": ("价格序列", "price series"),
    # storage technologies shipped (a scenario's own names are shown as written)
    "tech_lfp_2h": ("磷酸铁锂 2 h", "LFP 2 h"),
    "tech_lfp_4h": ("磷酸铁锂 4 h", "LFP 4 h"),
    "tech_vanadium_flow": ("全钒液流", "vanadium flow"),
    "tech_pumped_hydro": ("抽水蓄能", "pumped hydro"),
    # units
    "u_kwh_per_m2_yr": ("kWh/m²/年", "kWh/m²/yr"),
    "u_cny_total": ("元", "CNY"),
}

#: the terminal summary of ``zcpark run`` (``--lang``) and the lines of ``robustness`` / ``milestones``
TERMINAL_LABELS: dict[str, tuple[str, str]] = {
    "t_scenario": ("方案 {name}：{status}", "scenario {name}: {status}"),
    "t_horizon": ("模拟时段", "horizon"),
    "t_full_year": ("全年 {start} .. {end}（{steps} 步，每步 {step} 分钟）；电量、成本和排放均为每年数值",
                    "full year {start} .. {end} ({steps} steps of {step} min); energies, costs and CO2 per year"),
    "t_short": ("{days} 天 {start} .. {end}（{steps} 步，每步 {step} 分钟）：每年数值 = 时段数值 × {k}；括号内为时段自身数值",
                "{days} days {start} .. {end} ({steps} steps of {step} min): per-year figures = horizon figures x {k}; "
                "the horizon's own figure in brackets"),
    "t_per_yr": ("{value}/年", "{value}/yr"),
    "t_per_yr_and_horizon": ("{value}/年（{days} 天合计 {horizon}）", "{value}/yr ({horizon} over the {days} days)"),
    "t_co2_horizon": ("{value} t/年（时段合计 {horizon} t）", "{value} t/yr ({horizon} t over the horizon)"),
    "t_co2_year": ("{value} t/年", "{value} t/yr"),
    "t_pv": ("光伏", "PV"), "t_wind": ("风电", "wind"), "t_storage": ("储能", "storage"),
    "t_connection": ("接网容量", "connection"), "t_declared": ("（申报）", " (declared)"),
    "t_load": ("用电量", "load"), "t_green_used": ("绿电自用", "green used"), "t_self_consumed": ("", " self-consumed"),
    "t_annual_cost": ("年化成本", "annual cost"), "t_per_kwh_load": ("；{value} 元/kWh（按用电量）", "; {value} CNY/kWh of load"),
    "t_co2": ("CO2", "CO2"), "t_ratios": ("比例", "ratios"),
    "t_ratio_line": ("自发自用 {sc}，绿电占比 {gs}，上网 {fi}，弃电 {cu}",
                     "self-consumption {sc}, green share {gs}, feed-in {fi}, curtailment {cu}"),
    "t_compliance": ("合规：", "compliance:"),
    "t_margin": ("裕度 {value}", "margin {value}"), "t_at_limit": ("恰在限值", "at the limit"),
    "t_pp": ("{value} 个百分点", "{value} pp"), "t_checked": ("（仅核查）", " (checked)"),
    "t_solve": ("求解", "solve"),
    "t_solve_reduced": ("{n} 个典型时段定容，全时段调度", "sizes from {n} typical periods, full-horizon dispatch"),
    "t_solve_reduced_peaks": ("{n} 个典型时段与 {p} 个实际高峰时段定容，全时段调度",
                              "sizes from {n} typical and {p} real peak periods, full-horizon dispatch"),
    "t_solve_warm": ("精确求解，以 {n} 个典型时段方案为起点", "exact, started from a {n}-typical-period design"),
    "t_solve_fallback": ("精确求解，冷启动（典型时段方案无法在全时段调度）",
                         "exact, cold (the typical-period design could not be dispatched over the horizon)"),
    "t_solve_cold": ("精确求解，冷启动", "exact, cold"),
    "t_solve_stats": ("{how}：{seconds} s，单纯形 {simplex} 次 / 内点 {ipm} 次迭代",
                      "{how}: {seconds} s, {simplex} simplex / {ipm} interior-point iterations"),
    "t_hydrogen": ("氢能", "hydrogen"),
    "t_hydrogen_line": ("电解槽 {electrolyser}，储氢罐 {tank} t，燃料电池 {fuel_cell}；需氢 {demand} t/年；设备 {equipment} 元/kg；"
                        "储氢平衡 {balance}",
                        "electrolyser {electrolyser}, tank {tank} t, fuel cell {fuel_cell}; demand {demand} t/yr; "
                        "equipment {equipment} CNY/kg; tank balance {balance}"),
    "t_ok": ("正常", "ok"), "t_failed": ("不满足", "FAILED"),
    # zcpark robustness / zcpark milestones
    "t_rob_single": ("单年优化方案在 {n} 个气象年中：绿电占比 P50 {p50}，P90 {p90}；满足规则的年份比例 {met}",
                     "single-year design in {n} weather years: green share P50 {p50}, P90 {p90}; rules met in {met} "
                     "of the years"),
    "t_rob_met": ("{rule} {share}", "{rule} {share}"),
    "t_rob_year": ("  {label}：水平面总辐照 {ghi} kWh/m²，枯水期（11–4月）占 {dry}",
                   "  {label}: GHI {ghi} kWh/m2, dry season (Nov-Apr) {dry}"),
    "t_rob_year_na": ("  {label}：水平面总辐照 无数据", "  {label}: GHI n/a"),
    "t_rob_year_single": ("；单年方案 绿电占比 {gs}，自发自用 {sc}，上网 {fi}",
                          "; single-year design green share {gs}, self-consumption {sc}, feed-in {fi}"),
    "t_rob_year_robust": ("；稳健方案 绿电占比 {gs}", "; robust design green share {gs}"),
    "t_rob_robust": ("稳健方案（{method}）：光伏 {pv}，风电 {wind}，储能 {storage}；各年平均成本 {robust}/年，单年方案 {single}/年",
                     "robust design ({method}): PV {pv}, wind {wind}, storage {storage}; mean cost over the years "
                     "{robust}/yr against {single}/yr for the single-year design"),
    "t_rob_robust_failed": ("稳健方案：{status}（{notes}）", "robust design: {status} ({notes})"),
    "t_rob_stress": ("枯水期压力：连续 {days} 个低绿电日（{start} .. {end}，{year}）；补足到中位日需要 {energy}",
                     "dry-season stress: {days} low-green days in a row ({start} .. {end}, {year}); bridging to the "
                     "median day needs {energy}"),
    "t_rob_written": ("结果已写入 {out}/（summary.json 键 'robustness'；robustness_zh.html、robustness_en.html）",
                      "results written to {out}/ (summary.json key 'robustness'; robustness_zh.html, robustness_en.html)"),
    "t_ms_year": ("{year}：光伏 {pv}（新增 {bpv}），风电 {wind}（新增 {bwind}），储能 {storage}（新增 {bstorage}）",
                  "{year}: PV {pv} (+{bpv}), wind {wind} (+{bwind}), storage {storage} (+{bstorage})"),
    "t_ms_total": ("现值 {value}；已写入 {path}", "present value {value}; written {path}"),
    "t_ms_status": ("{name}：分阶段规划 {status}", "{name}: milestones {status}"),
}

#: parts of per-technology column names: suffix -> (zh, en)
STORAGE_PARTS = {
    "charge_kw": ("充电", "charge"), "discharge_kw": ("放电", "discharge"), "soc_kwh": ("荷电状态", "state of charge"),
    "kwh": ("容量", "energy"), "kw": ("功率", "power"), "charge_kwh": ("充电量", "charge"),
    "discharge_kwh": ("放电量", "discharge"), "discharge_kwh_per_yr": ("年放电量", "discharge"),
    "cycles_per_yr": ("等效满充放次数", "equivalent full cycles"),
    "round_trip_loss_kwh_per_yr": ("往返损耗", "round-trip losses"),
}

#: (regular expression with one group ``name``, zh template, en template), tried in order on keys the
#: catalogue does not hold; ``{name}`` is the technology's name, ``{part}`` the translated suffix
COLUMN_PATTERNS: tuple[tuple[str, str, str], ...] = (
    (r"^heat_demand_(?P<name>.+)_kw$", "热负荷（{name}）", "Heat demand ({name})"),
    (r"^heat_storage_(?P<name>.+?)_(?P<part>" + "|".join(sorted(STORAGE_PARTS, key=len, reverse=True)) + r")$",
     "储热（{name}）{part}", "Heat store ({name}) {part}"),
    (r"^heat_(?P<name>.+)_kw$", "供热设备（{name}）", "Heat supply ({name})"),
    (r"^pv_(?P<name>.+)_available_kw$", "光伏（{name}）可用出力", "PV ({name}) available"),
    (r"^pv_(?P<name>.+)_kw$", "光伏（{name}）", "PV ({name})"),
    (r"^wind_(?P<name>.+)_available_kw$", "风电（{name}）可用出力", "Wind ({name}) available"),
    (r"^wind_(?P<name>.+)_kw$", "风电（{name}）", "Wind ({name})"),
    (r"^storage_(?P<name>.+?)_(?P<part>" + "|".join(sorted(STORAGE_PARTS, key=len, reverse=True)) + r")$",
     "储能（{name}）{part}", "Storage ({name}) {part}"),
)
