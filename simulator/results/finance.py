"""Investment indicators of a sized project: NPV, project IRR, payback, LCOE over a horizon.

Results stage (moved down from ``simulator.studies.finance``, which re-exports it) so that every run can
carry them in ``summary.json`` (:func:`finance_block`) and the report can show them without ``zcpark finance``.
The maths is our own (bisection IRR): numpy-financial is not in the lock, and its ``irr`` finds roots of a
polynomial, which for these flows gives nothing a bisection does not.

Perspective (state it in any report): the green-power project is one investment whose revenue is the
park's avoided grid cost — as when a separate investor sells the green power to the park at the avoided
cost (EMC / PPA, allowed by 650号), or when the park invests itself. All prices are VAT-inclusive CNY,
as Chinese tariffs are quoted. Year 0 is construction; years 1..N operation.

Yearly cash flow (all [CNY], nominal):

- investment I_0 = Σ capex_i · (new capacity_i) in year 0 (existing assets cost nothing);
- benefit B_y = (grid cost of the business-as-usual twin − grid cost of the project) · (1 + g)^(y−1)
  − lost_y, where grid cost is every operating term of the annual cost (energy, capacity and demand
  charges, carbon, certificates, unserved-energy penalty, minus export revenue), g the grid-price
  escalation, and lost_y = E_pv · (1 − (1 − δ)^(y−1)) · v_pv · (1 + g)^(y−1) the value of the PV output
  lost to degradation δ, valued at v_pv [CNY/kWh] (PV-weighted import price for the self-consumed share,
  export price for the exported share);
- O&M_y = (fixed O&M of the project − of the twin) · (1 + g_om)^(y−1);
- replacements R_y: storage (energy and power capex × replacement fraction) at every multiple of its
  lifetime, PV inverters (cost per kW of PV) at every multiple of the inverter lifetime, and PV or
  wind at their own lifetime (full capex), each only in years < N;
- storage augmentation A_y (``storage_augmentation``, default on): the energy rating lost to calendar and
  cycle fade in year y, f E (:mod:`simulator.results.degradation`, docs/storage.md), bought back at the end
  of year y at ``degradation.augmentation_cost_fraction`` × today's energy capex, in years 1..N−1 except
  replacement years (a replacement restores the rating); expensed (deductible in the year) with its input
  VAT credited like a replacement. Columns ``storage_soh_fraction`` (energy-weighted SOH the fleet would
  have without augmentation) and ``storage_usable_fraction`` (1 with augmentation, the SOH without). Without
  augmentation the benefit stays that of the year-1 dispatch at full rating — the one-year model cannot
  re-dispatch a smaller store — and ``indicators`` says so (``storage_capacity_basis``);
- VAT: output VAT = B_y · v / (1 + v); input VAT of investment and replacements, I · v / (1 + v), is a
  credit used against output VAT until exhausted; VAT paid_y = max(0, output − credit); surcharges =
  VAT paid · s;
- depreciation D_y: straight line, (I_0 excl. VAT) · (1 − residual) / n_dep for y = 1..n_dep;
  each replacement (excl. VAT) over its own lifetime from the next year;
- income tax_y = t · max(0, B_y excl. VAT − O&M_y − D_y − surcharges_y) (no loss carry-forward);
- residual value in year N: residual · I_0 excl. VAT (回收固定资产余值, not taxed), plus the unused life
  of replacements, cost · (y + L − N) / L for a replacement in year y with life L that outlives N.

Cash flow before income tax CF_y = B_y − VAT paid − surcharges − O&M_y − R_y − A_y (+ residual in N),
CF_0 = −I_0; after tax, minus income tax. NPV = Σ CF_y / (1 + r)^y; IRR: NPV(IRR) = 0 (bisection);
payback (static): T − 1 + |cumulative CF_{T−1}| / CF_T at the first year T whose cumulative cash flow is
>= 0; discounted payback the same on discounted flows. LCOE = (I_0 + Σ PV(O&M + R + A) − PV(residual))
/ Σ PV(green energy delivered_y) [CNY/kWh], before tax, VAT as paid.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator.data import default
from simulator.errors import InputError, InputIssue
from simulator.results.degradation import StoreFade, hourly_discharge_kwh_per_yr, soh_by_year, store_fades

logger = logging.getLogger(__name__)


def _d(name: str):
    return field(default_factory=lambda: default(f"investment.{name}"))


@dataclass
class FinanceParams:
    """Parameters of the investment case; defaults from simulator/data/defaults.toml [investment] (tag U).

    Attributes
    ----------
    discount_rate_fraction : float
        r [1/yr] for NPV, discounted payback and LCOE (default: the scenario's finance section).
    horizon_yr : int
        N, operating years.
    pv_degradation_per_yr : float
        δ [1/yr], PV output lost per year (compound).
    grid_price_escalation_per_yr, om_escalation_per_yr : float
        g, g_om [1/yr], nominal escalation.
    battery_replacement_cost_fraction : float
        Replacement cost / today's storage capex [-].
    inverter_lifetime_yr : int
    inverter_replacement_cny_per_kw : float
        [CNY per kW of PV].
    depreciation_yr : int
    residual_value_fraction : float
        Of the initial investment excluding VAT [-].
    vat_fraction, vat_surcharge_fraction, income_tax_fraction : float
        v, s, t [-].
    storage_augmentation : bool
        Buy back the storage rating lost to fade every year (True) or let it decline (False).
    """

    discount_rate_fraction: float = field(default_factory=lambda: default("finance.discount_rate_fraction"))
    horizon_yr: int = _d("horizon_yr")
    pv_degradation_per_yr: float = _d("pv_degradation_per_yr")
    grid_price_escalation_per_yr: float = _d("grid_price_escalation_per_yr")
    om_escalation_per_yr: float = _d("om_escalation_per_yr")
    battery_replacement_cost_fraction: float = _d("battery_replacement_cost_fraction")
    inverter_lifetime_yr: int = _d("inverter_lifetime_yr")
    inverter_replacement_cny_per_kw: float = _d("inverter_replacement_cny_per_kw")
    depreciation_yr: int = _d("depreciation_yr")
    residual_value_fraction: float = _d("residual_value_fraction")
    vat_fraction: float = _d("vat_fraction")
    vat_surcharge_fraction: float = _d("vat_surcharge_fraction")
    income_tax_fraction: float = _d("income_tax_fraction")
    storage_augmentation: bool = True

    def check(self) -> None:
        """Raise :class:`InputError` naming every out-of-range parameter."""
        issues = []
        for name in ("horizon_yr", "inverter_lifetime_yr", "depreciation_yr"):
            if int(getattr(self, name)) < 1:
                issues.append(InputIssue("finance", name, getattr(self, name), "an integer >= 1 [yr]"))
        for name in ("pv_degradation_per_yr", "residual_value_fraction", "vat_fraction", "vat_surcharge_fraction",
                     "income_tax_fraction", "discount_rate_fraction"):
            if not 0.0 <= float(getattr(self, name)) < 1.0:
                issues.append(InputIssue("finance", name, getattr(self, name), "a fraction in [0, 1)"))
        for name in ("battery_replacement_cost_fraction", "inverter_replacement_cny_per_kw"):
            if float(getattr(self, name)) < 0:
                issues.append(InputIssue("finance", name, getattr(self, name), "a value >= 0"))
        if issues:
            raise InputError(issues)


@dataclass
class Asset:
    """One new asset: its investment [CNY] and lifetime [yr]; ``kind`` is pv, wind, storage or line."""

    name: str
    kind: str
    capex_cny: float
    lifetime_yr: int


@dataclass
class InvestmentCase:
    """Year-1 quantities of a sized project (see :func:`case_from_result`).

    Attributes
    ----------
    assets : list of Asset
        New capacity only.
    pv_kw : float
        Installed PV (for inverter replacement) [kW].
    benefit_cny_per_yr : float
        Grid cost of the twin − grid cost of the project, year-1 prices [CNY/yr].
    om_cny_per_yr : float
        Extra fixed O&M of the project over the twin [CNY/yr].
    pv_kwh_per_yr, green_kwh_per_yr : float
        PV delivered and all green power delivered (after curtailment), year 1 [kWh/yr].
    pv_value_cny_per_kwh : float
        Value of one kWh of PV output, for the degradation loss [CNY/kWh].
    storage_fades : list of StoreFade
        Capacity fade of each storage technology (empty: no fade accounted).
    """

    assets: list[Asset]
    pv_kw: float
    benefit_cny_per_yr: float
    om_cny_per_yr: float
    pv_kwh_per_yr: float
    green_kwh_per_yr: float
    pv_value_cny_per_kwh: float = 0.0
    storage_fades: list[StoreFade] = field(default_factory=list)

    @property
    def investment_cny(self) -> float:
        """I_0 [CNY]."""
        return float(sum(a.capex_cny for a in self.assets))


def _replacements(case: InvestmentCase, p: FinanceParams) -> list[tuple[int, float, int]]:
    """(year, cost [CNY], depreciation life [yr]) of every replacement within the horizon."""
    out = []
    N = int(p.horizon_yr)
    for a in case.assets:
        life = int(a.lifetime_yr)
        frac = p.battery_replacement_cost_fraction if a.kind == "storage" else 1.0
        out += [(y, a.capex_cny * frac, life) for y in range(life, N, life) if a.capex_cny > 0]
    inv_life = int(p.inverter_lifetime_yr)
    if case.pv_kw > 0 and p.inverter_replacement_cny_per_kw > 0:
        cost = case.pv_kw * p.inverter_replacement_cny_per_kw
        out += [(y, cost, inv_life) for y in range(inv_life, N, inv_life)]
    return out


def cash_flows(case: InvestmentCase, params: FinanceParams | None = None) -> pd.DataFrame:
    """Yearly cash flows of the investment case (see the module docstring for every line).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` 0..N; columns [CNY] ``investment``, ``benefit``, ``degradation_loss``, ``om``,
        ``replacement``, ``vat_output``, ``vat_paid``, ``surcharges``, ``depreciation``, ``taxable``,
        ``income_tax``, ``residual``, ``cash_flow_pre_tax``, ``cash_flow``, ``augmentation``; ``green_kwh``
        [kWh], ``augmentation_kwh`` [kWh], ``storage_soh_fraction`` and ``storage_usable_fraction`` [-].
    """
    p = params or FinanceParams()
    p.check()
    N = int(p.horizon_yr)
    v = p.vat_fraction
    vat_share = v / (1.0 + v)
    years = np.arange(N + 1)
    zeros = np.zeros(N + 1)
    op = years >= 1
    age = np.where(op, years - 1, 0)
    price = np.where(op, (1.0 + p.grid_price_escalation_per_yr) ** age, 0.0)
    pv_left = (1.0 - p.pv_degradation_per_yr) ** age
    degradation = np.where(op, case.pv_kwh_per_yr * (1.0 - pv_left) * case.pv_value_cny_per_kwh * price, 0.0)
    benefit = np.where(op, case.benefit_cny_per_yr * price, 0.0) - degradation
    om = np.where(op, case.om_cny_per_yr * (1.0 + p.om_escalation_per_yr) ** age, 0.0)
    green = np.where(op, case.green_kwh_per_yr - case.pv_kwh_per_yr * (1.0 - pv_left), 0.0)
    investment = zeros.copy()
    investment[0] = case.investment_cny
    replacement = zeros.copy()
    depreciation = zeros.copy()
    base = case.investment_cny * (1.0 - vat_share)
    n_dep = int(p.depreciation_yr)
    depreciation[1:min(n_dep, N) + 1] += base * (1.0 - p.residual_value_fraction) / n_dep
    credit_in = zeros.copy()
    remaining_value = zeros.copy()
    credit_in[0] = case.investment_cny * vat_share
    augmentation, augmentation_kwh, soh, usable = _augmentation(case, p)
    credit_in += augmentation * vat_share
    for year, cost, life in _replacements(case, p):
        replacement[year] += cost
        credit_in[year] += cost * vat_share
        depreciation[year + 1:min(year + life, N) + 1] += cost * (1.0 - vat_share) / life
        remaining_value[N] += cost * max(0, year + life - N) / life
    vat_output = np.maximum(benefit, 0.0) * vat_share
    vat_paid = zeros.copy()
    credit = 0.0
    for y in years:
        credit += credit_in[y]
        used = min(credit, vat_output[y])
        credit -= used
        vat_paid[y] = vat_output[y] - used
    surcharges = vat_paid * p.vat_surcharge_fraction
    taxable = benefit - vat_output - om - depreciation - surcharges - augmentation * (1.0 - vat_share)
    income_tax = np.where(op, p.income_tax_fraction * np.maximum(taxable, 0.0), 0.0)
    residual = zeros.copy()
    residual[N] = p.residual_value_fraction * base + remaining_value[N]
    pre_tax = -investment + benefit - vat_paid - surcharges - om - replacement - augmentation + residual
    return pd.DataFrame({
        "investment": investment, "benefit": benefit, "degradation_loss": degradation, "om": om,
        "replacement": replacement, "vat_output": vat_output, "vat_paid": vat_paid, "surcharges": surcharges,
        "depreciation": depreciation, "taxable": np.where(op, taxable, 0.0), "income_tax": income_tax,
        "residual": residual, "cash_flow_pre_tax": pre_tax, "cash_flow": pre_tax - income_tax, "green_kwh": green,
        "augmentation": augmentation, "augmentation_kwh": augmentation_kwh, "storage_soh_fraction": soh,
        "storage_usable_fraction": usable,
    }, index=pd.Index(years, name="year"))


def _augmentation(case: InvestmentCase, p: FinanceParams) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(A_y [CNY], augmented energy [kWh], SOH without augmentation [-], usable fraction [-]) for years 0..N.

    SOH and usable fraction are energy-weighted over the stores (1 without storage); year 0 is 1."""
    N = int(p.horizon_yr)
    cost, kwh = np.zeros(N + 1), np.zeros(N + 1)
    soh = np.ones(N + 1)
    fades = [f for f in case.storage_fades if f.energy_kwh > 0]
    total = sum(f.energy_kwh for f in fades)
    if not fades:
        return cost, kwh, soh, soh.copy()
    soh[1:] = sum(f.energy_kwh * soh_by_year(f.fade_per_yr, N, f.lifetime_yr) for f in fades) / total
    if not p.storage_augmentation:
        return cost, kwh, soh, soh.copy()
    for f in fades:
        years = [y for y in range(1, N) if y % f.lifetime_yr]  # not in the last year nor at a replacement
        cost[years] += f.augmentation_cny_per_yr
        kwh[years] += f.augmentation_kwh_per_yr
    return cost, kwh, soh, np.ones(N + 1)


def npv(rate: float, flows) -> float:
    """Σ_y CF_y / (1 + r)^y with CF_0 undiscounted [CNY]."""
    flows = np.asarray(flows, dtype=float)
    return float(np.sum(flows / (1.0 + rate) ** np.arange(len(flows))))


def irr(flows, low: float = -0.99, high: float = 10.0, tol: float = 1e-10) -> float | None:
    """Rate r with NPV(r) = 0, by bisection on [low, high] [1/yr]; None when NPV does not change sign there.

    With the usual flows (investment first, then positive) NPV falls with r and the root is unique.
    """
    f_low, f_high = npv(low, flows), npv(high, flows)
    if f_low == 0:
        return low
    if np.sign(f_low) == np.sign(f_high):
        return None
    for _ in range(300):
        mid = 0.5 * (low + high)
        f_mid = npv(mid, flows)
        if np.sign(f_mid) == np.sign(f_low):
            low, f_low = mid, f_mid
        else:
            high = mid
        if high - low < tol:
            break
    return 0.5 * (low + high)


def payback_yr(flows, rate: float | None = None) -> float | None:
    """Static (``rate`` None) or discounted payback [yr]: T − 1 + |cum_{T−1}| / CF_T; None if never paid back."""
    flows = np.asarray(flows, dtype=float)
    if rate is not None:
        flows = flows / (1.0 + rate) ** np.arange(len(flows))
    cumulative = np.cumsum(flows)
    if cumulative[0] >= 0:
        return 0.0
    for t in range(1, len(flows)):
        if cumulative[t] >= 0:
            return float(t - 1 + (-cumulative[t - 1]) / flows[t])
    return None


def lcoe_cny_per_kwh(flows: pd.DataFrame, rate: float) -> float | None:
    """(I_0 + Σ PV(O&M + replacements) − PV(residual)) / Σ PV(green kWh) [CNY/kWh]; None without energy."""
    disc = (1.0 + rate) ** -np.arange(len(flows))
    cost = flows["investment"] + flows["om"] + flows["replacement"] + flows.get("augmentation", 0.0) - flows["residual"]
    energy = float(np.sum(flows["green_kwh"] * disc))
    return float(np.sum(cost * disc)) / energy if energy > 0 else None


def indicators(flows: pd.DataFrame, params: FinanceParams | None = None) -> dict:
    """NPV [CNY], IRR [1/yr], payback [yr], LCOE [CNY/kWh], after and before income tax."""
    p = params or FinanceParams()
    r = p.discount_rate_fraction
    after, before = flows["cash_flow"].to_numpy(), flows["cash_flow_pre_tax"].to_numpy()
    return {
        "discount_rate_fraction": r, "horizon_yr": int(p.horizon_yr),
        "investment_cny": float(flows["investment"].iloc[0]),
        "npv_cny": npv(r, after), "irr_fraction": irr(after), "payback_yr": payback_yr(after),
        "discounted_payback_yr": payback_yr(after, r),
        "npv_pre_tax_cny": npv(r, before), "irr_pre_tax_fraction": irr(before),
        "payback_pre_tax_yr": payback_yr(before),
        "lcoe_cny_per_kwh": lcoe_cny_per_kwh(flows, r),
        "augmentation_pv_cny": float(np.sum(flows["augmentation"] * (1.0 + r) ** -np.arange(len(flows))))
        if "augmentation" in flows else 0.0,
        "storage_capacity_basis": ("rating kept by yearly augmentation" if p.storage_augmentation else
                                   "rating declines (storage_soh_fraction); the benefit is the year-1 dispatch "
                                   "at full rating, which the one-year model cannot re-dispatch"),
    }


def case_from_result(result, warn_short: bool = True) -> InvestmentCase:
    """The investment case of an optimal :class:`simulator.results.run.Result` (with its ``baseline`` block).

    ``warn_short``: log a warning when the run covers less than a year (its operating results are scaled).

    Raises
    ------
    InputError
        When the run is not optimal or has no baseline, or has a ``[hydrogen]`` chain.
    """
    s = result.summary
    if getattr(result.inputs, "hydrogen", None) is not None:
        raise InputError(InputIssue("result", "hydrogen", "[hydrogen] section",
                                    "a scenario without [hydrogen] (the investment case does not carry the "
                                    "electrolyser, tank and fuel cell as assets yet)"))
    if s.get("status") != "optimal" or "baseline" not in s:
        raise InputError(InputIssue("result", "status", s.get("status"), "an optimal run with a baseline block"))
    inp = result.inputs
    cap = s["capacity"]
    assets = []
    for g in inp.generators:
        built = cap.get(f"{g.name}_kw", cap[f"{g.kind}_kw"]) if g.name != g.kind else cap[f"{g.kind}_kw"]
        assets.append(Asset(g.name, g.kind, g.capex_cny_per_kw * max(0.0, built - g.existing_kw), g.lifetime_yr))
    for st in inp.stores:  # the single storage, or one asset per technology of [[storage.types]]
        prefix = "storage" if st.name == "storage" else f"storage_{st.name}"
        capex = (st.energy_capex_cny_per_kwh * max(0.0, cap[f"{prefix}_kwh"] - st.existing_kwh)
                 + st.power_capex_cny_per_kw * max(0.0, cap[f"{prefix}_kw"] - st.existing_kw))
        assets.append(Asset(prefix, "storage", capex, st.lifetime_yr))
    for line in getattr(inp, "lines", []):  # [[sites]]: each direct line is an asset, its O&M a fixed cost
        built = max(0.0, cap[f"line_{line.site}_kw"] - line.existing_kw)
        assets.append(Asset(f"line_{line.site}", "line", line.capex_cny_per_kw * built, line.lifetime_yr))
    cost, base = s["cost_cny_per_yr"], s["baseline"]
    base_cost = base["cost_breakdown_cny_per_yr"]
    fixed = lambda c: c.get("fixed_om", 0.0) + c.get("line_fixed_om", 0.0)  # noqa: E731
    grid_cost = lambda c: c["total"] - c.get("capex", 0.0) - c.get("line_capex", 0.0) - fixed(c)  # noqa: E731
    k = s["horizon"]["year_weight"]
    energy = s["energy"]
    hourly = result.hourly
    pv_kwh = energy["pv_kwh"] * k
    value = 0.0
    if pv_kwh > 0:
        used = energy["re_used_kwh"]
        self_share = energy["re_self_consumed_kwh"] / used if used > 0 else 0.0
        pv = hourly["pv_kw"].to_numpy()
        value = (min(1.0, max(0.0, self_share)) * float(np.dot(pv, hourly["import_price_cny_per_kwh"])) / pv.sum()
                 + (1.0 - min(1.0, max(0.0, self_share))) * float(np.dot(pv, hourly["export_price_cny_per_kwh"])) / pv.sum())
    fades = store_fades(inp, result.scenario, cap, hourly_discharge_kwh_per_yr(inp, hourly, k))
    if warn_short and s["horizon"]["steps"] * s["horizon"]["dt_h"] < 8760 - 24:
        logger.warning("the run covers less than a year: its operating results are scaled to a year (k = "
                       f"{k:.2f}), so the investment case inherits the season of the modelled period")
    return InvestmentCase(assets, float(cap["pv_kw"]), grid_cost(base_cost) - grid_cost(cost),
                          fixed(cost) - fixed(base_cost), pv_kwh,
                          energy["re_used_kwh"] * k, value, fades)


def investment_summary(result, params: FinanceParams | None = None,
                       warn_short: bool = True) -> tuple[dict, pd.DataFrame]:
    """Indicators and the cash-flow table of a run (for ``zcpark finance`` and reports)."""
    p = params or FinanceParams(discount_rate_fraction=result.scenario.finance.discount_rate_fraction)
    case = case_from_result(result, warn_short)
    flows = cash_flows(case, p)
    out = indicators(flows, p)
    out["case"] = {"assets": [a.__dict__ for a in case.assets], "benefit_year1_cny": case.benefit_cny_per_yr,
                   "om_year1_cny": case.om_cny_per_yr, "pv_kwh_year1": case.pv_kwh_per_yr,
                   "green_kwh_year1": case.green_kwh_per_yr, "pv_value_cny_per_kwh": case.pv_value_cny_per_kwh,
                   "storage_fades": [f.as_dict() for f in case.storage_fades]}
    out["params"] = dict(p.__dict__)
    return out, flows


#: who the indicators are for (see the module docstring); stated beside them in every report
PERSPECTIVE = "project_investor"


def finance_block(result) -> dict | None:
    """``summary['finance']`` of an optimal run: :func:`investment_summary` with the default parameters
    (``[investment]`` of defaults.toml, tag U) and the scenario's discount rate, plus ``perspective`` and
    ``parameters = 'defaults'``; None without a baseline block or with ``[heat]`` (the heat equipment's
    investment is not among the assets, so its annuity would count as lost benefit).
    """
    s = result.summary
    if s.get("status") != "optimal" or "cost_breakdown_cny_per_yr" not in (s.get("baseline") or {}):
        return None
    if getattr(result.inputs, "heat", None) is not None or getattr(result.inputs, "hydrogen", None) is not None:
        return None  # [hydrogen]: the electrolyser, tank and fuel cell are not among the assets either
    out, _ = investment_summary(result, warn_short=False)
    out.update(perspective=PERSPECTIVE, parameters="defaults",
               short_horizon=s["horizon"]["steps"] * s["horizon"]["dt_h"] < 8760 - 24)
    return out


__all__ = ["PERSPECTIVE", "finance_block", "Asset", "FinanceParams", "InvestmentCase", "case_from_result", "cash_flows", "indicators", "irr",
           "investment_summary", "lcoe_cny_per_kwh", "npv", "payback_yr"]
