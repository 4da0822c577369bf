"""Labels of the heat and cooling parts of the report, workbook and electrification frontier (zh, en).

Kept apart from the main catalogue so that the heat pages can grow without touching it; merged into
:data:`simulator.outputs.i18n.LABELS` there.
"""
from __future__ import annotations

#: units of the per-enterprise heat columns whose names do not end in a unit suffix the workbook knows
#: (merged into ``simulator.outputs.excel.EXTRA_UNITS``): column -> (unit label key, number format)
HEAT_EXTRA_UNITS = {"heat_fuel_gj_per_yr": ("u_gj_per_yr", "#,##0"),
                    "co2_t_per_yr_with_fuel_location_based": ("u_t_per_yr", "#,##0")}

#: key -> (zh, en)
HEAT_LABELS: dict[str, tuple[str, str]] = {
    "heat_section": ("工艺热与冷：调度、燃料与分能源品种碳排放", "Process heat and cooling: dispatch, fuel, CO2 by carrier"),
    "heat_carriers_title": ("热负荷（按热介质）", "Heat demand by carrier"),
    "heat_tech_title": ("供热设备：容量、供热量、燃料与碳排放", "Heat technologies: capacity, heat, fuel and CO2"),
    "heat_co2_title": ("分能源品种碳排放（电力 vs 燃料）", "CO2 by energy carrier (electricity vs fuel)"),
    "heat_dispatch_chart": ("供热调度（热负荷最大的一周）", "Heat dispatch (the week of highest heat demand)"),
    "heat_storage_title": ("蓄热", "Heat storage"),
    "carrier": ("热介质", "Carrier"),
    "hot_water": ("热水", "Hot water"),
    "steam": ("蒸汽", "Steam"),
    "cooling": ("冷负荷", "Cooling"),
    "electricity": ("电力（电网购电）", "Electricity (grid imports)"),
    "coal": ("煤", "Coal"),
    "gas": ("天然气", "Natural gas"),
    "technology": ("设备", "Technology"),
    "kind": ("类型", "Kind"),
    "fuel_boiler": ("燃料锅炉", "Fuel boiler"),
    "electric_boiler": ("电锅炉", "Electric boiler"),
    "heat_pump": ("高温热泵", "Heat pump"),
    "chiller": ("电制冷机组", "Chiller"),
    "hot_water_tank": ("蓄热水罐", "Hot-water tank"),
    "steam_accumulator": ("蒸汽蓄热器", "Steam accumulator"),
    "molten_salt": ("熔盐储热", "Molten-salt store"),
    "chilled_water": ("蓄冷水罐", "Chilled-water tank"),
    "free_cooling": ("自然冷却", "Free cooling"),
    "hs_cooling_electricity_kwh_per_yr": ("制冷用电 (kWh/年)", "Electricity for cooling (kWh/yr)"),
    "hs_pue_cooling_only": ("PUE（仅计制冷）", "PUE (cooling only)"),
    "heat_demand_mwh_per_yr": ("年热负荷 (MWh/年)", "Heat demand (MWh/yr)"),
    "heat_peak_kw": ("峰值热负荷 (kW)", "Peak heat demand (kW)"),
    "steam_t_per_yr": ("蒸汽量 (t/年)", "Steam (t/yr)"),
    "heat_capacity_kw": ("容量 (kW热)", "Capacity (kW_th)"),
    "heat_supply_mwh_per_yr": ("供热量 (MWh/年)", "Heat supplied (MWh/yr)"),
    "fuel_gj_per_yr": ("燃料 (GJ/年)", "Fuel (GJ/yr)"),
    "co2_t_per_yr_col": ("CO2 (t/年)", "CO2 (t/yr)"),
    "storage_kwh_col": ("容量 (kWh热)", "Energy (kWh_th)"),
    "heat_electricity": ("供热用电 (kWh/年)", "Electricity for heat (kWh/yr)"),
    "electrified_fraction": ("电气化供热占比", "Heat electrified"),
    "fuel_tce_per_yr": ("燃料折标煤 (tce/年)", "Fuel (tce/yr)"),
    "heat_demand": ("热负荷", "Heat demand"),
    "heat_store_net": ("蓄热放热 − 充热", "Heat store discharge − charge"),
    "u_mw_th": ("MW热", "MW_th"),
    # per-enterprise heat columns (results.heat_allocation), report table and workbook headers
    "heat_enterprises_title": ("各企业用热：热负荷、供热用电、燃料、碳排放与热费",
                               "Heat by enterprise: demand, electricity for heat, fuel, CO2 and heat cost"),
    "enterprise": ("企业", "Enterprise"),
    "heat_demand_kwh": ("热（冷）负荷", "Heat (and cooling) demand"),
    "heat_electricity_kwh": ("供热（冷）用电", "Electricity for heat and cooling"),
    "heat_fuel_gj_per_yr": ("燃料", "Fuel"),
    "heat_fuel_co2_t_per_yr": ("燃料 CO2", "Fuel CO2"),
    "heat_equipment_cny_per_yr": ("供热设备年金与运维", "Heat equipment annuity and O&M"),
    "heat_fuel_cny_per_yr": ("燃料费", "Fuel cost"),
    "heat_carbon_cny_per_yr": ("燃料碳成本", "Carbon cost of fuel CO2"),
    "heat_cny_per_yr": ("热费合计", "Heat cost"),
    "co2_t_per_yr_with_fuel_location_based": ("CO2 合计（电力+燃料）", "CO2 total (electricity + fuel)"),
    "u_gj_per_yr": ("GJ/年", "GJ/yr"),
    # workbook sheet "heat"
    "hs_demand_mwh_per_yr": ("热负荷 (MWh/年)", "Heat demand (MWh/yr)"),
    "hs_demand_peak_kw": ("峰值热负荷 (kW热)", "Peak heat demand (kW_th)"),
    "hs_capacity_kw": ("设备容量 (kW热)", "Capacity (kW_th)"),
    "hs_supply_mwh_per_yr": ("供热量 (MWh/年)", "Heat supplied (MWh/yr)"),
    "hs_storage_kwh": ("蓄热容量 (kWh热)", "Heat storage (kWh_th)"),
    "hs_fuel_gj_per_yr": ("燃料 (GJ/年)", "Fuel (GJ/yr)"),
    "hs_fuel_gj_per_yr_by_fuel": ("分燃料品种 (GJ/年)", "Fuel by kind (GJ/yr)"),
    "hs_co2_t_per_yr": ("分能源品种 CO2 (t/年)", "CO2 by energy carrier (t/yr)"),
    "hs_electricity_kwh_per_yr": ("供热用电 (kWh/年)", "Electricity for heat (kWh/yr)"),
    "hs_electrified_fraction": ("电气化供热占比", "Heat electrified (fraction)"),
    "hs_fuel_tce_per_yr": ("燃料折标煤 (tce/年)", "Fuel (tce/yr)"),
    "hs_fuel_co2_t_per_yr": ("燃料 CO2 (t/年)", "Fuel CO2 (t/yr)"),
    "hs_steam_t_per_yr": ("蒸汽量 (t/年)", "Steam (t/yr)"),
    "hs_carbon_price_cny_per_t": ("燃料碳价 (元/t)", "Carbon price on fuel CO2 (CNY/t)"),
    "hs_storage_loss_mwh_per_yr": ("蓄热损失 (MWh/年)", "Heat storage losses (MWh/yr)"),
    # electrification frontier
    "heat_frontier_title": ("供热电气化前沿：年成本与电气化供热占比", "Electrification frontier: annual cost against the "
                            "share of heat electrified"),
    "heat_frontier_note": ("每一点在“电气化供热占比 ≥ φ”约束下重新优化光伏、风电、储能、接网与供热设备（式 H10）；"
                           "自由最优点不加此约束。",
                           "Each point re-sizes PV, wind, storage, the connection and the heat technologies "
                           "with 'heat electrified ≥ φ' (eq. H10); the free optimum has no such constraint."),
    "free_optimum": ("自由最优（不约束电气化）", "Free optimum (electrification not constrained)"),
    "electrified_min_fraction": ("要求的电气化占比 φ", "Required share φ"),
    "hf_cost_cny_per_yr": ("年成本", "Annual cost"),
    "cost_above_free_cny_per_yr": ("较自由最优增加", "Above the free optimum"),
    "hf_co2_t_per_yr": ("CO2 合计 (t/年)", "CO2 total (t/yr)"),
    "fuel_co2_t_per_yr": ("燃料 CO2 (t/年)", "Fuel CO2 (t/yr)"),
    "hf_co2_electricity_t_per_yr": ("电力 CO2 (t/年)", "Electricity CO2 (t/yr)"),
    "heat_electricity_kwh_per_yr": ("供热用电 (kWh/年)", "Electricity for heat (kWh/yr)"),
    "u_share_electrified": ("电气化供热占比", "share of heat electrified"),
    "u_million_cny_per_yr": ("百万元/年", "million CNY/yr"),
    "u_kt_per_yr": ("千吨 CO2/年", "kt CO2/yr"),
}
