"""Labels of the report, plots and workbook in Chinese (``zh``) and English (``en``).

Numbers never depend on the language; only these labels do. :func:`label` falls back to the key itself
for a name it does not know (e.g. a generator type added by a scenario), so nothing is silently dropped.
"""
from __future__ import annotations

import re

from simulator.outputs.heat_labels import HEAT_LABELS
from simulator.outputs.i18n_more import LABELS_MORE

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
    "energy_part": ("电能量部分", "energy part"),
    "td_capacity": ("输配电费按容量计", "T&D by capacity"),
    "td_energy": ("输配电费按电量计", "T&D by energy"),
    "no_reverse_flow": ("不向电网反送电", "no reverse flow"),
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
    "650_no_reverse_flow": ("650号 不向电网反送电 (上网电量 kWh)", "650: no reverse flow (exported kWh)"),
    "910_direct_green_share": ("零碳园区 绿电直供比例", "Zero-carbon park: direct green share"),
    "910_clean_share": ("零碳园区 清洁能源消费占比", "Zero-carbon park: clean-energy share"),
    "910_co2_per_tce": ("零碳园区 单位能耗碳排放 (t/tce)", "Zero-carbon park: CO2 per tce (t/tce)"),
    "peak_import_within_declared": ("最大下网功率 ≤ 申报接网容量 (kW)", "Peak import ≤ declared connection (kW)"),
    # costs
    "capex": ("投资年金", "Annualised investment"),
    "fixed_om": ("固定运维", "Fixed O&M"),
    "grid_energy": ("购电电能量电费", "Grid energy (energy part)"),
    "grid_td": ("输配电费（按电量）", "Transmission and distribution (per kWh)"),
    "grid_td_capacity": ("输配电费（按容量，1192号）", "Transmission and distribution (by capacity, 1192)"),
    "grid_funds": ("政府性基金及附加", "Government funds and surcharges"),
    "grid_system_operation": ("系统运行费", "System operation fee"),
    "capacity_charge": ("容量电费", "Capacity charge"),
    "export_revenue": ("上网收入", "Export revenue"),
    "demand_charge": ("需量电费", "Demand charge"),
    "carbon": ("碳成本", "Carbon cost"),
    "unserved_penalty": ("缺供惩罚", "Unserved-load penalty"),
    "storage_wear": ("储能循环损耗成本", "Storage wear (throughput)"),
    "green_certificates": ("绿证购买", "Green certificates"),
    "heat_capex": ("供热设备投资年金", "Heat equipment: annualised investment"),
    "heat_fixed_om": ("供热设备固定运维", "Heat equipment: fixed O&M"),
    "heat_fuel": ("锅炉燃料费", "Boiler fuel"),
    "heat_carbon": ("燃料碳成本", "Carbon cost of fuel CO2"),
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
    # business-as-usual twin (summary "baseline")
    "baseline": ("与仅电网供电方案对比", "Against the business-as-usual (grid only) twin"),
    "optimum": ("本方案", "This plan"),
    "grid_only": ("仅电网", "Grid only"),
    "savings_cny_per_yr": ("年节省", "Savings"),
    "co2_avoided_t_per_yr": ("年减排", "CO2 avoided"),
    "abatement_cost_cny_per_t": ("减排成本", "Abatement cost"),
    "extra_cost_of_compliance_cny_per_yr": ("满足政策的额外成本", "Extra cost of compliance"),
    # per-enterprise table of the report (energies per year)
    "enterprises_title": ("各企业绿电、电费与碳排放", "Green power, bill and CO2 by enterprise"),
    "ent_enterprise": ("企业", "Enterprise"), "ent_load_kwh": ("用电量 MWh/年", "Load MWh/yr"),
    "ent_green_kwh": ("绿电 MWh/年", "Green MWh/yr"), "ent_green_share": ("绿电占比", "Green share"),
    "ent_import_kwh": ("网购电 MWh/年", "Grid MWh/yr"), "ent_peak_kw": ("最大负荷 MW", "Peak MW"),
    "ent_bill_cny_per_yr": ("电费/年", "Bill /yr"), "ent_bill_cny_per_kwh": ("电价 元/kWh", "CNY/kWh"),
    "ent_co2_t_per_yr_location_based": ("CO2 t/年(区域)", "CO2 t/yr (location)"),
    "ent_co2_t_per_yr_market_based": ("CO2 t/年(市场)", "CO2 t/yr (market)"),
    "ent_co2_t_per_unit_market_based": ("单位产品电力CO2 t", "Electricity CO2 t/unit (market)"),
    # summary panel and bases
    "summary_panel": ("结论摘要", "Summary"),
    "contents": ("目录", "Contents"),
    "verdict_all_pass": ("全部规则满足", "All rules pass"),
    "verdict_some_fail": ("存在不满足的规则", "Some rules fail"),
    "storage": ("储能（功率 / 容量）", "Storage (power / energy)"),
    "total_investment": ("总投资（新建装机）", "Total investment (new capacity)"),
    "co2_avoided_vs_bau": ("较仅电网方案减排 CO2", "CO2 avoided against business as usual"),
    "npv": ("净现值 NPV（税后）", "NPV (after income tax)"),
    "irr": ("项目内部收益率 IRR（税后）", "Project IRR (after income tax)"),
    "payback": ("静态投资回收期（税后）", "Payback (static, after income tax)"),
    "years": ("年", "yr"),
    "per_yr": ("/年", "/yr"),
    "over_horizon": ("模拟时段合计", "over the horizon"),
    "per_yr_col": ("每年", "Per year"),
    "horizon_col": ("模拟时段合计", "Over the horizon"),
    "finance_perspective": ("财务指标口径：绿电项目作为一项投资，其收益为园区节省的电网购电成本（如第三方投资以避免成本售电给园区，或园区自投）；含增值税人民币，数据来自 zcpark finance（finance.json）。",
                            "Finance perspective: the green-power project as one investment whose revenue is the park's "
                            "avoided grid cost (a third-party investor selling at the avoided cost, or the park investing "
                            "itself); VAT-inclusive CNY; from zcpark finance (finance.json)."),
    "finance_hint": ("净现值、内部收益率和回收期由 zcpark finance 计算（写入本结果文件夹的 finance.json 后，重新生成报告即显示在此）。",
                     "NPV, IRR and payback are computed by zcpark finance (once its finance.json is in this result "
                     "folder, rewrite the report to show them here)."),
    "basis_year": ("模拟时段为全年：电量、成本和排放均为每年数值。", "The horizon is a full year: energies, costs and CO2 are per year."),
    "basis_short": ("模拟时段为 {days} 天：标注“/年”的电量、成本和排放为时段合计 × 年化系数 k = {k}（按 8760 h 折算）；"
                    "“模拟时段合计”为时段内实际数值。",
                    "The horizon is {days} days: figures marked /yr are the horizon's sums × k = {k} (scaled to "
                    "8760 h); figures marked 'over the horizon' are the horizon's own sums."),
    "assumptions_summary": ("假设与数据来源（{n} 项，点击展开）", "Assumptions and sources ({n} values; click to open)"),
    "section": ("类别", "Section"),
    # assumption sections
    "sec_weather": ("气象", "Weather"), "sec_pv": ("光伏", "PV"), "sec_wind": ("风电", "Wind"),
    "sec_storage": ("储能", "Storage"), "sec_grid": ("电网与电价", "Grid and tariff"),
    "sec_policy": ("政策规则", "Policy rules"), "sec_planning": ("规划", "Planning"),
    "sec_indicators": ("核查指标", "Indicators"), "sec_energy": ("能源折算", "Energy conversion"),
    "sec_robustness": ("稳健性", "Robustness"), "sec_finance": ("财务", "Finance"),
    "sec_investment": ("投资测算", "Investment case"),
    "sec_storage_lfp_2h": ("储能：磷酸铁锂 2 h", "Storage: LFP 2 h"),
    "sec_storage_lfp_4h": ("储能：磷酸铁锂 4 h", "Storage: LFP 4 h"),
    "sec_storage_vanadium_flow": ("储能：全钒液流", "Storage: vanadium flow"),
    "sec_storage_pumped_hydro": ("储能：抽水蓄能", "Storage: pumped hydro"),
    # workbook: sheets, columns and bases
    "enforced": ("是否约束", "Enforced"),
    "rule_key": ("规则键", "Rule key"),
    "timestamp": ("时间", "Time"),
    "horizon_total": ("模拟时段合计", "horizon total"),
    "load_kw": ("负荷", "Load"), "import_kw": ("下网", "Grid import"), "pv_available_kw": ("光伏可用出力", "PV available"),
    "wind_available_kw": ("风电可用出力", "Wind available"), "storage_charge_kw": ("储能充电", "Storage charge"),
    "storage_discharge_kw": ("储能放电", "Storage discharge"), "storage_soc_kwh": ("储能荷电状态", "Storage state of charge"),
    "export_kw": ("上网", "Export"), "curtailed_kw": ("弃电", "Curtailment"), "unserved_kw": ("缺供", "Unserved"),
    "import_price_cny_per_kwh": ("购电价格", "Import price"), "export_price_cny_per_kwh": ("上网电价", "Export price"),
    "tou_band": ("峰谷时段", "TOU band"),
    "storage_charge_kwh": ("储能充电量", "Storage charge"), "storage_discharge_kwh": ("储能放电量", "Storage discharge"),
    "pv_available_kwh": ("光伏可用发电量", "PV available"), "wind_available_kwh": ("风电可用发电量", "Wind available"),
    "pv_kwh": ("光伏发电量", "PV generation"), "wind_kwh": ("风电发电量", "Wind generation"),
    "green_purchase_kwh": ("外购绿电", "Green power purchased"),
    "peak_load_kw": ("最大负荷", "Peak load"),
    "storage_charge_kwh_per_yr": ("储能年充电量", "Storage charge"),
    "storage_discharge_kwh_per_yr": ("储能年放电量", "Storage discharge"),
    "declared_connection_kw": ("申报接网容量", "Declared connection"),
    "load_kwh_per_yr": ("年用电量", "Load"), "import_kwh_per_yr": ("年下网电量", "Grid import"),
    "export_kwh_per_yr": ("年上网电量", "Export"), "curtailed_kwh_per_yr": ("年弃电量", "Curtailment"),
    "co2_electricity_t_per_yr": ("用电二氧化碳排放", "CO2 of electricity"),
    "electricity_kgce_per_kwh": ("电力折标系数", "Electricity to standard coal"),
    "electricity_tce_per_yr": ("用电折标煤", "Electricity in tce"),
    "other_energy_tce_per_yr": ("其他能源消费", "Other energy use"),
    "other_energy_co2_t_per_yr": ("其他能源 CO2 排放", "CO2 of other energy"),
    "kg_co2_per_kwh": ("排放因子", "Emission factor"),
    "start": ("开始", "Start"), "end": ("结束", "End"), "steps": ("步数", "Steps"), "dt_h": ("步长", "Step"),
    "year_weight": ("年化系数 k", "Scaling factor k"),
    "cost_cny_per_yr": ("年化总成本", "Total annual cost"),
    "grid_connection": ("申报接网容量", "Declared grid connection"),
    "method": ("方法", "Method"),
    "cost_breakdown_cny_per_yr": ("成本构成", "Cost breakdown"),
    "enterprise": ("企业", "Enterprise"), "green_kwh": ("绿电量", "Green power"),
    "grid_direct_kwh": ("电网直供", "Grid direct"), "grid_via_storage_kwh": ("电网经储能", "Grid via storage"),
    "peak_kw": ("最大负荷", "Peak load"), "grid_energy_cny_per_yr": ("电能量电费", "Grid energy"),
    "capacity_charge_cny_per_yr": ("容量电费", "Capacity charge"), "demand_charge_cny_per_yr": ("需量电费", "Demand charge"),
    "carbon_cny_per_yr": ("碳成本", "Carbon cost"), "certificates_cny_per_yr": ("绿证", "Certificates"),
    "green_cny_per_yr": ("绿电费用", "Green power cost"), "bill_cny_per_yr": ("电费", "Bill"),
    "bill_cny_per_kwh": ("平均电价", "Average price"),
    "co2_t_per_yr_location_based": ("CO2（区域因子）", "CO2 (location-based)"),
    "co2_t_per_yr_market_based": ("CO2（市场因子）", "CO2 (market-based)"),
    "output_per_yr": ("年产量", "Output"), "output_unit": ("产品单位", "Output unit"),
    "electricity_kwh_per_unit": ("单位产品电耗", "Electricity per unit"),
    "co2_t_per_unit_location_based": ("单位产品 CO2（区域）", "CO2 per unit (location-based)"),
    "co2_t_per_unit_market_based": ("单位产品 CO2（市场）", "CO2 per unit (market-based)"),
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
    "u_cny_per_t": ("元/t", "CNY/t"),
    "u_mwh": ("MWh", "MWh"),
    "u_kwh_horizon": ("kWh，模拟时段合计", "kWh, horizon total"),
    "u_units_per_yr": ("单位产品/年", "units/yr"),
    "u_kg_per_kwh": ("kg CO2/kWh", "kg CO2/kWh"),
    "u_h": ("h", "h"),
    "u_mw": ("MW", "MW"),
    "u_cycles": ("次", "cycles"),
    "u_cny": ("万元/亿元", "MCNY"),
    "u_t": ("t", "t"),
    "u_tce": ("tce", "tce"),
    "u_cny_per_yr_word": ("每年（万元/亿元）", "Per year (MCNY)"),
    "robustness": ("多气象年稳健性", "Robustness over weather years"),
    "milestones": ("分阶段建设", "Milestones"),
    # generation sites and direct lines ([[sites]], docs/sites.md)
    "sites": ("电源点与专线", "Generation sites and direct lines"),
    "sites_note": ("各电源点的装机与发电量、专线容量与输送电量（电量为年值）；园区合规比例按送达园区（扣除线损后）的绿电计算，"
                   "60% 自发自用比例的可用发电量按电源点发电量计算。",
                   "Capacities and energy of each site, capacity and flows of its direct line (energies per year); "
                   "the park's ratios count green power delivered at the park (after line losses), the 60 % rule's "
                   "available generation counts generation at the sites."),
    "site_park": ("园区（屋顶等）", "Park (roofs etc.)"),
    "site_pv_mw": ("光伏装机 (MW)", "PV (MW)"),
    "site_wind_mw": ("风电装机 (MW)", "Wind (MW)"),
    "site_storage_mwh": ("储能容量 (MWh)", "Storage energy (MWh)"),
    "site_storage_mw": ("储能功率 (MW)", "Storage power (MW)"),
    "site_available_mwh_per_yr": ("可用发电量 (MWh/年)", "Available generation (MWh/yr)"),
    "site_generation_mwh_per_yr": ("实际发电量 (MWh/年)", "Generation used (MWh/yr)"),
    "site_curtailed_mwh_per_yr": ("弃电量 (MWh/年)", "Curtailed (MWh/yr)"),
    "site_distance_km": ("专线长度 (km)", "Line length (km)"),
    "site_loss_fraction": ("线损率", "Line loss fraction"),
    "site_line_mw": ("专线容量 (MW)", "Line capacity (MW)"),
    "site_sent_mwh_per_yr": ("专线送出电量 (MWh/年)", "Sent on the line (MWh/yr)"),
    "site_delivered_mwh_per_yr": ("送达园区电量 (MWh/年)", "Delivered at the park (MWh/yr)"),
    "site_loss_mwh_per_yr": ("线路损耗 (MWh/年)", "Line losses (MWh/yr)"),
    "site_line_utilisation": ("专线利用率", "Line utilisation"),
    "line_capex": ("专线投资年金", "Direct lines: annualised investment"),
    "line_fixed_om": ("专线运维", "Direct lines: O&M"),
    "line_send_kw": ("专线送出功率", "Line sent power"),
    "line_delivered_kw": ("专线送达功率", "Line power delivered at the park"),
    "line_loss_kw": ("专线损耗功率", "Line losses"),
    "green_purchase_kw": ("绿证购买（按时段）", "Green certificates bought (per step)"),
    "sec_line": ("专线（电源点至园区）", "Direct lines (sites to the park)"),
    # hydrogen chain ([hydrogen], simulator.outputs.hydrogen_section)
    "hydrogen": ("氢能（制氢、储氢、用氢）", "Hydrogen (electrolysis, storage, use)"),
    "h2_electrolyser_kw": ("电解槽用电功率", "Electrolyser electricity"),
    "h2_tank_kg": ("储氢罐容量 / 储氢量", "Hydrogen tank (rated / level)"),
    "h2_fuel_cell_kw": ("燃料电池发电功率", "Fuel cell output"),
    "h2_production_kg_per_h": ("制氢量", "Hydrogen produced"),
    "h2_demand_kg_per_h": ("用氢需求", "Hydrogen demand"),
    "h2_fuel_cell_use_kg_per_h": ("燃料电池耗氢", "Hydrogen to the fuel cell"),
    "h2_sale_kg_per_h": ("外售氢气", "Hydrogen sold"),
    "h2_capex": ("氢能设备投资年金", "Hydrogen equipment: annualised investment"),
    "h2_fixed_om": ("氢能设备固定运维", "Hydrogen equipment: fixed O&M"),
    "h2_sale": ("售氢收入（负成本）", "Hydrogen sales (negative cost)"),
    "electrolyser_kw": ("电解槽容量（用电）", "Electrolyser capacity (electricity in)"),
    "tank_kg": ("储氢罐容量", "Hydrogen tank capacity"),
    "fuel_cell_kw": ("燃料电池容量", "Fuel cell capacity"),
    "h2_tank_hours_of_mean_demand": ("储氢可供平均需求小时数", "Tank / mean demand (hours)"),
    "h2_production_t_per_yr": ("年制氢量", "Hydrogen produced per year"),
    "h2_demand_t_per_yr": ("年用氢需求", "Hydrogen demand per year"),
    "h2_fuel_cell_use_t_per_yr": ("燃料电池年耗氢", "Hydrogen to the fuel cell per year"),
    "h2_sale_t_per_yr": ("年外售氢气", "Hydrogen sold per year"),
    "h2_electrolyser_kwh_per_yr": ("电解槽年用电量", "Electrolyser electricity per year"),
    "h2_fuel_cell_kwh_per_yr": ("燃料电池年发电量", "Fuel cell electricity per year"),
    "h2_electrolyser_full_load_hours": ("电解槽满负荷小时数", "Electrolyser full-load hours"),
    "h2_electrolyser_kwh_per_kg": ("电解制氢电耗", "Electrolysis electricity per kg"),
    "h2_min_load_fraction": ("电解槽最低负荷（每个时段）", "Electrolyser minimum load (every step)"),
    "h2_cost_cny_per_yr": ("氢能设备年成本", "Hydrogen equipment cost per year"),
    "h2_equipment_cny_per_kg": ("单位氢气设备成本（不含电费）", "Equipment cost per kg (electricity excluded)"),
    "h2_tank_residual_kg": ("储氢平衡最大残差", "Tank balance: largest residual"),
    "h2_tank_ok": ("储氢平衡与需求逐时满足", "Tank balance and demand met in every step"),
    "u_kg": ("kg", "kg"),
    "u_kg_per_h": ("kg/h", "kg/h"),
    "u_kwh_per_kg": ("kWh/kg", "kWh/kg"),
    "u_cny_per_kg": ("元/kg", "CNY/kg"),
    "u_hours": ("小时", "h"),
    "sec_hydrogen": ("氢能", "Hydrogen"),
}
LABELS.update(LABELS_MORE)  # the diagram, dispatch-week, finance and study-page labels

LABELS.update({key: pair for key, pair in HEAT_LABELS.items() if key not in LABELS})  # heat and cooling pages


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not supported; use one of {', '.join(LANGS)}")
    return lang


#: keys named after a generation site (``[[sites]]``, docs/sites.md): pattern -> (zh, en) with {0} the site
SITE_PATTERNS = (
    (r"line_(\w+)_send_kw", ("专线 {0} 送出功率", "Line {0}: sent power")),
    (r"line_(\w+)_delivered_kw", ("专线 {0} 送达功率", "Line {0}: delivered at the park")),
    (r"line_(\w+)_loss_kw", ("专线 {0} 损耗功率", "Line {0}: losses")),
    (r"line_(\w+)_kw", ("专线 {0} 容量", "Line {0}: capacity")),
    (r"site_(\w+)_pv_available_kw", ("电源点 {0} 光伏可用出力", "Site {0}: PV available")),
    (r"site_(\w+)_wind_available_kw", ("电源点 {0} 风电可用出力", "Site {0}: wind available")),
    (r"site_(\w+)_pv_kw", ("电源点 {0} 光伏", "Site {0}: PV")),
    (r"site_(\w+)_wind_kw", ("电源点 {0} 风电", "Site {0}: wind")),
    (r"park_(pv|wind)_available_kw", ("园区{0}可用出力", "Park {0}: available")),
    (r"park_(pv|wind)_kw", ("园区{0}", "Park {0}")),
)


def label(key: str, lang: str) -> str:
    """The label of ``key`` in ``lang`` (``zh`` or ``en``); a key named after a site is labelled by
    :data:`SITE_PATTERNS`; other unknown keys are returned unchanged."""
    pair = LABELS.get(key)
    if pair is None:
        for pattern, texts in SITE_PATTERNS:
            match = re.fullmatch(pattern, key)
            if match:
                name = match.group(1)
                if pattern.startswith("park_"):
                    name = label(name, lang)
                return texts[LANGS.index(check_lang(lang))].format(name)
        return key
    return pair[LANGS.index(check_lang(lang))]


def _merge_workbook_labels() -> None:
    """Add the workbook's and terminal's catalogue entries (:mod:`simulator.outputs.i18n_workbook`); a key defined twice
    must carry the same labels."""
    from simulator.outputs.i18n_workbook import TERMINAL_LABELS, WORKBOOK_LABELS

    for entries in (WORKBOOK_LABELS, TERMINAL_LABELS):
        clash = {k for k, v in entries.items() if k in LABELS and LABELS[k] != v}
        if clash:
            raise ValueError(f"catalogue keys with two different labels: {sorted(clash)}")
        LABELS.update(entries)


_merge_workbook_labels()
