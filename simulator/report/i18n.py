"""Labels of the report, plots and workbook in Chinese (``zh``) and English (``en``).

Numbers never depend on the language; only these labels do. :func:`label` falls back to the key itself
for a name it does not know (e.g. a generator type added by a scenario), so nothing is silently dropped.
"""
from __future__ import annotations

LANGS = ("zh", "en")

#: key -> (zh, en)
LABELS: dict[str, tuple[str, str]] = {
    # report structure
    "report_title": ("零碳园区 / 绿电直连 规划结果报告", "Zero-carbon park / direct green supply: planning report"),
    "scenario": ("方案", "Scenario"),
    "status": ("求解状态", "Solve status"),
    "generated": ("生成时间", "Generated"),
    "key_inputs": ("主要输入", "Key inputs"),
    "capacities": ("装机与接网容量", "Capacities"),
    "kpis": ("关键指标", "Key indicators"),
    "compliance": ("政策合规性", "Compliance with policy rules"),
    "indicators": ("其他核查指标（未作为约束）", "Other indicators (checked, not enforced)"),
    "costs": ("年化成本构成", "Annual cost breakdown"),
    "charts": ("图表", "Charts"),
    "assumptions": ("假设与数据来源", "Assumptions and sources"),
    "placeholders_note": ("标记为 U 的数值为占位值（未经核实），正式使用前应替换为项目实际数据。",
                          "Values tagged U are placeholders (unverified); replace them with project data "
                          "before relying on the results."),
    "overridden": ("方案已覆盖", "overridden by scenario"),
    "not_optimal": ("方案未得到最优解，无调度结果。", "The scenario has no optimal solution; no dispatch results."),
    "enterprises": ("用能企业", "Enterprises"),
    "item": ("项目", "Item"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "key": ("键", "Key"),
    "tag": ("可信度", "Tag"),
    "source": ("来源", "Source"),
    "year": ("年份", "Year"),
    "rule": ("规则", "Rule"),
    "basis": ("依据", "Legal basis"),
    "limit": ("限值", "Limit"),
    "sense": ("方向", "Sense"),
    "margin": ("裕度", "Margin"),
    "result": ("结论", "Result"),
    "pass": ("满足", "PASS"),
    "fail": ("不满足", "FAIL"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "none": ("无", "none"),
    "share_of_total": ("占比", "Share"),
    # key inputs
    "park_name": ("园区", "Park"),
    "location": ("位置（纬度, 经度, 海拔 m）", "Location (lat, lon, altitude m)"),
    "model_year": ("规划年份", "Model year"),
    "horizon": ("模拟时段", "Horizon"),
    "timestep": ("时间步长（分钟）", "Time step (minutes)"),
    "grid_connected": ("并网", "Grid-connected"),
    "tariff": ("电价表", "Tariff"),
    "emission_factor": ("电网排放因子", "Grid emission factor"),
    "discount_rate": ("折现率", "Discount rate"),
    "rules": ("执行的规则", "Enforced rules"),
    "pv_max": ("光伏容量上限 (kW)", "PV maximum (kW)"),
    "wind_max": ("风电容量上限 (kW)", "Wind maximum (kW)"),
    "unbounded": ("不限", "unbounded"),
    "annual_kwh": ("年用电量 (kWh)", "Annual use (kWh)"),
    "archetype": ("负荷类型", "Archetype"),
    # capacities
    "pv_kw": ("光伏", "PV"),
    "wind_kw": ("风电", "Wind"),
    "storage_kwh": ("储能容量", "Storage energy"),
    "storage_kw": ("储能功率", "Storage power"),
    "grid_connection_kw": ("申报接网容量", "Declared grid connection"),
    # energy and KPIs
    "load_kwh": ("总用电量", "Load"),
    "re_available_kwh": ("新能源可用发电量", "Available green generation"),
    "re_used_kwh": ("新能源实际发电量", "Green generation used"),
    "re_self_consumed_kwh": ("自发自用电量", "Self-consumed green power"),
    "import_kwh": ("下网电量", "Grid import"),
    "export_kwh": ("上网电量", "Feed-in (export)"),
    "curtailed_kwh": ("弃电量", "Curtailment"),
    "unserved_kwh": ("缺供电量", "Unserved energy"),
    "storage_loss_kwh": ("储能损耗", "Storage losses"),
    "self_consumption": ("自发自用比例（占可用发电量）", "Self-consumption (of available generation)"),
    "green_share": ("绿电占总用电量比例", "Green share of consumption"),
    "feed_in": ("上网电量比例（占可用发电量）", "Feed-in (of available generation)"),
    "curtailment": ("弃电率", "Curtailment rate"),
    "lcoe_cny_per_kwh": ("新能源度电成本", "LCOE of green supply"),
    "cost_of_supply_cny_per_kwh": ("综合供电成本", "Cost of supply"),
    "objective_cny_per_yr": ("年化总成本", "Total annual cost"),
    "co2_t_per_yr": ("二氧化碳排放（下网电量）", "CO2 from grid import"),
    "storage_cycles_per_yr": ("储能等效满充放次数", "Storage equivalent full cycles"),
    "storage_round_trip_loss_kwh_per_yr": ("储能往返损耗", "Storage round-trip losses"),
    "storage_round_trip_efficiency_fraction": ("储能实际往返效率", "Storage round-trip efficiency"),
    "peak_import_kw": ("最大下网功率", "Peak import"),
    "peak_export_kw": ("最大上网功率", "Peak export"),
    "peak_import_to_declared_fraction": ("最大下网功率 / 申报接网容量", "Peak import / declared connection"),
    "direct_green_share": ("绿电直供比例", "Direct green share"),
    "clean_share": ("清洁能源消费占比", "Clean-energy share"),
    "co2_t_per_tce": ("单位能耗碳排放", "CO2 per unit energy use"),
    "total_energy_tce_per_yr": ("综合能耗", "Total energy use"),
    "co2_total_t_per_yr": ("二氧化碳排放总量", "Total CO2"),
    "co2_by_factor": ("不同排放因子下的下网电量排放", "CO2 of grid import under each emission factor"),
    # rules
    "650_self_consumption": ("650号 自发自用电量 / 可用发电量", "650: self-consumed / available generation"),
    "650_green_share": ("650号 自发自用电量 / 总用电量", "650: self-consumed / total consumption"),
    "650_feed_in": ("650号 上网电量 / 可用发电量", "650: feed-in / available generation"),
    "off_grid_unserved": ("离网 缺供电量 / 总用电量", "Off-grid: unserved / total consumption"),
    "910_direct_green_share": ("零碳园区 绿电直供比例", "Zero-carbon park: direct green share"),
    "910_clean_share": ("零碳园区 清洁能源消费占比", "Zero-carbon park: clean-energy share"),
    "910_co2_per_tce": ("零碳园区 单位能耗碳排放 (t/tce)", "Zero-carbon park: CO2 per tce (t/tce)"),
    "peak_import_within_declared": ("最大下网功率 ≤ 申报接网容量 (kW)", "Peak import ≤ declared connection (kW)"),
    # costs
    "capex": ("投资年金", "Annualised investment"),
    "fixed_om": ("固定运维", "Fixed O&M"),
    "grid_energy": ("购电电费", "Grid energy"),
    "capacity_charge": ("容量电费", "Capacity charge"),
    "export_revenue": ("上网收入", "Export revenue"),
    "demand_charge": ("需量电费", "Demand charge"),
    "carbon": ("碳成本", "Carbon cost"),
    "unserved_penalty": ("缺供惩罚", "Unserved-load penalty"),
    "green_certificates": ("绿证购买", "Green certificates"),
    "total": ("合计", "Total"),
    # series and charts
    "pv": ("光伏", "PV"),
    "wind": ("风电", "Wind"),
    "storage_discharge": ("储能放电", "Storage discharge"),
    "storage_charge": ("储能充电", "Storage charge"),
    "grid_import": ("下网", "Grid import"),
    "export": ("上网", "Export"),
    "curtailed": ("弃电", "Curtailment"),
    "unserved": ("缺供", "Unserved"),
    "load": ("负荷", "Load"),
    "net_import": ("净下网功率", "Net import"),
    "soc": ("储能荷电状态", "Storage state of charge"),
    "month": ("月份", "Month"),
    "hour": ("小时", "Hour of day"),
    "day_of_year": ("日序", "Day of year"),
    "hours_exceeded": ("超过该功率的小时数 (h)", "Hours exceeded (h)"),
    "power_mw": ("功率 (MW)", "Power (MW)"),
    "energy_gwh": ("电量 (GWh)", "Energy (GWh)"),
    "load_mw": ("负荷 (MW)", "Load (MW)"),
    "soc_mwh": ("荷电状态 (MWh)", "State of charge (MWh)"),
    "cost_mcny": ("百万元/年", "million CNY/yr"),
    "ratio_to_limit": ("数值 / 限值", "value / limit"),
    "chart_monthly": ("逐月电量平衡", "Monthly energy balance"),
    "chart_dry_week": ("枯水期典型周调度", "Dispatch of a typical dry-season week"),
    "chart_wet_week": ("丰水期典型周调度", "Dispatch of a typical wet-season week"),
    "chart_heatmap": ("负荷热力图（日 × 小时）", "Load heatmap (day × hour)"),
    "chart_duration": ("负荷与净下网功率持续曲线", "Duration curves of load and net import"),
    "chart_soc": ("储能荷电状态（全年）", "Storage state of charge over the horizon"),
    "chart_costs": ("年化成本构成", "Annual cost breakdown"),
    "chart_compliance": ("合规指标与限值", "Compliance against thresholds"),
    "outside_season": ("（时段内无该季节，取整个时段中的一周）", "(season not in horizon: a week of the horizon)"),
    "daily_range": ("日最小–最大", "daily min–max"),
    "daily_mean": ("日均值", "daily mean"),
    "no_storage": ("无储能", "no storage"),
    "limit_line": ("限值", "limit"),
    # units shown in tables
    "u_kw": ("kW", "kW"),
    "u_kwh": ("kWh", "kWh"),
    "u_mwh_per_yr": ("MWh/年", "MWh/yr"),
    "u_kwh_per_yr": ("kWh/年", "kWh/yr"),
    "u_t_per_yr": ("t/年", "t/yr"),
    "u_cny_per_yr": ("元/年", "CNY/yr"),
    "u_cny_per_kwh": ("元/kWh", "CNY/kWh"),
    "u_per_yr": ("次/年", "1/yr"),
    "u_fraction": ("比例", "fraction"),
    "u_t_per_tce": ("t CO2/tce", "t CO2/tce"),
    "u_tce_per_yr": ("tce/年", "tce/yr"),
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not supported; use one of {', '.join(LANGS)}")
    return lang


def label(key: str, lang: str) -> str:
    """The label of ``key`` in ``lang`` (``zh`` or ``en``); unknown keys are returned unchanged."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[LANGS.index(check_lang(lang))]
