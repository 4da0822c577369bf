"""``zcpark init [DIR] [--name NAME]``: write a commented starter scenario (中文/English) for the user's park.

The starter is a complete, valid scenario (a small two-enterprise park at Kunming, 2026 rules) whose every
line says what to replace; the file is validated right after it is written, so what ``init`` writes is
always what ``validate`` accepts.
"""
from __future__ import annotations

import re
from pathlib import Path

STARTER = '''\
# {name}: starter scenario written by `zcpark init` / 由 `zcpark init` 生成的场景模板
#
# Replace the ILLUSTRATIVE values below with your park's data, then:
# 请把下面的示例数值替换为本园区的数据，然后运行：
#   zcpark validate {file}          # check every key / 检查所有参数
#   zcpark run {file} --set park.days=14   # a quick two-week trial / 两周试算
#   zcpark run {file}               # full year hourly / 全年逐时
# Every default not written here is in simulator/data/defaults.toml with unit, source and tag
# (U = unverified placeholder: replace it for a real study). 未写出的参数取默认值（见 defaults.toml，
# 标记 U 的为待核实占位值，正式研究请替换）。Keys and sections: README.md "Scenario files".

[park]
name = "{name}"                # output folder name, no spaces / 输出文件夹名（不含空格）
name_zh = ""                   # Chinese name for the report / 报告用中文名称
latitude = 25.02               # degrees north / 纬度（北纬，度）
longitude = 102.68             # degrees east / 经度（东经，度）
altitude_m = 1890              # site altitude [m] / 海拔（米）
year = 2026                    # model year: calendar, holidays, 650号 threshold (35 % from 2030) / 模型年份
# start = "2026-03-01"; days = 14   # a shorter horizon / 较短的计算时段（起始日期与天数）

[weather]
station = 56778                # station of simulator/data/yunnan_stations.csv (monthly GHI) / 气象站编号
# source = "epw"; file = "weather/site.epw"   # or a weather file / 或使用气象文件（docs/resource.md）

[[load.enterprises]]           # one table per enterprise / 每家企业一个表
name = "plant_a"               # short name / 企业简称
archetype = "battery_cells"    # load shape: simulator/data/archetypes.toml / 负荷类型
shifts = "3x8"                 # 3x8, 2x8, 1x8 / 班制
annual_kwh = 200_000_000       # ILLUSTRATIVE annual use [kWh/yr] / 示例：年用电量（千瓦时/年）
# or: output_per_yr = 100000 with intensity_kwh_per_unit = 2000; or peak_kw + load_factor
# 或：年产量 × 单位电耗；或最大负荷 + 负荷率；实测数据见 [load.enterprises.metered]

[[load.enterprises]]
name = "park_services"
archetype = "park_offices"
annual_kwh = 10_000_000        # ILLUSTRATIVE / 示例

[pv]
max_kw = 150_000               # land or roof limit [kW] / 可建光伏上限（千瓦）

[wind]
max_kw = 50_000                # site limit [kW]; 0 = no wind / 可建风电上限（千瓦），0 表示不建

[storage]
max_duration_h = 8             # longest storage duration [h] / 储能最长时长（小时）

[grid]
# tariff, export price, capacity charge: shipped placeholders (tag U) — enter your own.
# 分时电价、上网电价、容量电费为占位值（U），请填写本地实际值：
# tou_prices_cny_per_kwh = {{peak = 0.8, flat = 0.5, valley = 0.25}}; export_price_cny_per_kwh = 0.3

[policy]
direct_supply = true           # 绿电直连 (650号): self-consumption >= 60 %, green share >= 30 %, feed-in <= 20 %
# zero_carbon = true           # 零碳园区 (910号) targets / 零碳园区指标

[finance]
# discount_rate_fraction = 0.08   # for the annuity of capital costs / 资本成本折现率
'''


def _park_name(folder: Path, name: str | None) -> str:
    """The park name: ``--name`` as given, else the folder's name made path-safe."""
    if name is not None:
        return name
    stem = re.sub(r"[^0-9A-Za-z_\-\u4e00-\u9fff]+", "_", folder.resolve().name).strip("_")
    return stem or "my_park"


def write_starter(folder: str | Path, name: str | None = None, force: bool = False) -> Path:
    """Write ``<folder>/<name>.toml`` and validate it.

    Raises
    ------
    InputError
        If the file exists (without ``force``) or the name is not a valid park name.
    """
    from simulator.errors import InputError, InputIssue
    from simulator.scenario import load_scenario
    from simulator.results.write import write_text

    folder = Path(folder)
    park = _park_name(folder, name)
    path = folder / f"{park}.toml"
    if path.exists() and not force:
        raise InputError(InputIssue("command line", "init", str(path), "a file that does not exist yet "
                                    "(use --force to overwrite it)"))
    text = STARTER.format(name=park, file=path.name)
    folder.mkdir(parents=True, exist_ok=True)
    write_text(text, path)
    try:
        load_scenario(path)
    except InputError:
        path.unlink()
        raise
    return path


def init_command(args) -> int:
    """Run ``zcpark init``."""
    path = write_starter(args.dir, args.name, args.force)
    print(f"written {path} (a valid starter scenario; replace the values marked ILLUSTRATIVE / 示例)")
    print(f"next: zcpark validate {path}  then  zcpark run {path} --set park.days=14")
    return 0
