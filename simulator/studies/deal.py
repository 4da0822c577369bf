"""Settlement of a load-led joint project and its price window (issue 18 points 3-4).

A project company owns the PV, wind and storage the run sized and sells the green power credited to each
enterprise (``simulator.results.allocation``) at a direct-supply price p [CNY/kWh], flat or shaped like
the import tariff; it also keeps the export revenue. The enterprises buy their grid energy at the tariff
and pay the grid charges as in ``enterprises.csv``. With a_e the enterprise's green energy per year,
weighted by the price shape, and o_e its bill without the green power:

- enterprise bill B_e(p) = o_e + p a_e; saving against business as usual S_e(p) = BAU_e − B_e(p);
- project company: the cash flows of ``simulator.studies.finance`` with the year-1 benefit
  R(p) = p Σ_e a_e + export revenue (instead of the avoided grid cost), the same investment, O&M,
  replacements, taxes and escalation (the direct-supply price escalates like the grid price there);
  all-equity, so each holder's return is the project IRR and its NPV share is its equity share;
- price window [p_low, p_high]: p_low where the project IRR reaches the generation company's hurdle
  (IRR rises with p; bisection to 1e-9 CNY/kWh), p_high = min_e (BAU_e − o_e) / a_e where every
  enterprise pays no more than business as usual. No window when p_low > p_high (the gap is reported),
  or when an enterprise without green power already pays more than business as usual.

BAU_e not given in ``[deal]`` is the enterprise's share of the grid-only twin's bill
(``summary['baseline']``): its load before shifting at the tariff, the capacity charge by its load at the
park's peak, the demand charge by its load at each month's peak, carbon cost by energy; scaled to the
twin's total (a factor 1 when the twin is computed directly, reported as ``bau_scale``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.results.allocation import green_by_enterprise_kw
from simulator.studies.finance import FinanceParams, case_from_result, cash_flows, indicators, irr

#: the price search runs over 0 .. PRICE_MAX_CNY_PER_KWH (ten times a typical Chinese industrial tariff)
PRICE_MAX_CNY_PER_KWH = 10.0


def refuse_heat(scenario) -> None:
    """Refuse a scenario with ``[heat]`` (one-line InputError, before any solve).

    The per-enterprise table carries heat (``results.heat_allocation``), but the settlement does not: the
    business-as-usual bills are split from the grid-only twin by electricity only (the twin's boiler fuel
    would be spread by kWh), and the project company owns PV, wind and storage, not the heat equipment
    whose electricity and annuities the enterprises' bills now hold.
    """
    if getattr(scenario, "heat", None) is not None:
        raise InputError(InputIssue(str(scenario.source_path or "scenario"), "heat", "[heat] section",
                                    "a scenario without [heat] (the deal settlement splits business-as-usual "
                                    "bills by electricity and does not carry process heat)"))
    from simulator.inputs.hydrogen import refuse_hydrogen

    refuse_hydrogen(scenario, "deals and newcomers are settled per enterprise, which does not carry the "
                              "electrolyser's electricity yet")


def check_deal(scenario) -> None:
    """Refuse a ``[deal]`` that cannot be evaluated, before any solve (one-line InputError)."""
    refuse_heat(scenario)
    if scenario.deal is None:
        raise InputError(InputIssue("scenario", "deal", None, "a [deal] section (enterprise_equity_fraction, "
                                    "hurdle_irr_fraction)"))
    for key in ("enterprise_equity_fraction", "hurdle_irr_fraction"):
        if getattr(scenario.deal, key) is None:
            raise InputError(InputIssue("scenario", f"deal.{key}", None, "a number (zcpark deal needs it)"))
    if not scenario.load.enterprises:
        raise InputError(InputIssue("scenario", "load.enterprises", None, "enterprises (a deal needs parties)"))
    names = {e.name for e in scenario.load.enterprises}
    unknown = sorted(set(scenario.deal.bau_bill_cny_per_yr) - names)
    if unknown:
        raise InputError(InputIssue("scenario", "deal.bau_bill_cny_per_yr", unknown, f"names of enterprises "
                                    f"({', '.join(sorted(names))})"))


def bau_bills(result) -> tuple[pd.Series, float]:
    """Each enterprise's business-as-usual bill [CNY/yr] from the grid-only twin, and the scale applied."""
    inp, loads = result.inputs, result.load.enterprises_kw
    L = loads.to_numpy(dtype=float)
    total = L.sum(axis=1)
    price = np.asarray(inp.grid.import_price_cny_per_kwh, dtype=float)
    k, dt = inp.year_weight, inp.dt_h
    twin = result.summary["baseline"]["cost_breakdown_cny_per_yr"]
    energy = k * dt * (price @ L)
    direct = energy.copy()
    share_at = lambda t: L[t] / total[t] if total[t] > 0 else np.full(L.shape[1], 1.0 / L.shape[1])  # noqa: E731
    if twin.get("capacity_charge"):
        direct += twin["capacity_charge"] * share_at(int(np.argmax(total)))
    if twin.get("demand_charge"):
        months = np.asarray(inp.grid.month_of_step)
        for month in np.unique(months):
            steps = np.flatnonzero(months == month)
            t = int(steps[np.argmax(total[steps])])
            direct += (12.0 / len(np.unique(months)) * inp.grid.demand_charge_cny_per_kw_month * total[t]
                       * share_at(t))
    if twin.get("carbon"):
        direct += twin["carbon"] * L.sum(axis=0) / L.sum()
    scale = twin["total"] / direct.sum() if direct.sum() > 0 else 1.0
    bills = pd.Series(direct * scale, index=loads.columns, name="bau_bill_cny_per_yr")
    for name, value in result.scenario.deal.bau_bill_cny_per_yr.items():
        bills[name] = float(value)
    return bills, float(scale)


@dataclass
class Deal:
    """The linear pieces of a deal (see the module docstring)."""

    green_weighted_kwh_per_yr: pd.Series   # a_e
    other_cny_per_yr: pd.Series            # o_e
    bau_cny_per_yr: pd.Series              # BAU_e
    export_revenue_cny_per_yr: float
    case: object                           # finance.InvestmentCase (benefit replaced per price)
    params: FinanceParams
    equity_fraction: float
    hurdle_irr_fraction: float
    bau_scale: float

    def bills(self, price: float) -> pd.Series:
        """B_e(p) [CNY/yr]."""
        return self.other_cny_per_yr + price * self.green_weighted_kwh_per_yr

    def project_flows(self, price: float) -> pd.DataFrame:
        """The project company's cash flows at price p."""
        self.case.benefit_cny_per_yr = price * float(self.green_weighted_kwh_per_yr.sum()) + self.export_revenue_cny_per_yr
        return cash_flows(self.case, self.params)

    def project_irr(self, price: float) -> float | None:
        return irr(self.project_flows(price)["cash_flow"].to_numpy())


def build_deal(result) -> Deal:
    """The deal of an optimal run with enterprises and a ``[deal]`` section."""
    deal = result.scenario.deal
    table = result.enterprises
    green = green_by_enterprise_kw(result.hourly, result.load, result.scenario.load, result.inputs)
    k, dt = result.inputs.year_weight, result.inputs.dt_h
    if deal.price_shape == "tou":
        price = result.hourly["import_price_cny_per_kwh"].to_numpy(dtype=float)
        g = green.sum(axis=1).to_numpy()
        mean = float(price @ g / g.sum()) if g.sum() > 0 else 1.0
        weights = price / mean
    else:
        weights = np.ones(len(green))
    a = pd.Series(k * dt * (weights @ green.to_numpy()), index=green.columns)
    other = table["bill_cny_per_yr"] - table["green_cny_per_yr"]
    bau, scale = bau_bills(result)
    cost = result.summary["cost_cny_per_yr"]
    params = FinanceParams(discount_rate_fraction=result.scenario.finance.discount_rate_fraction)
    return Deal(a, other, bau, float(cost.get("export_revenue", 0.0)), case_from_result(result), params,
                deal.enterprise_equity_fraction, deal.hurdle_irr_fraction, scale)


def price_window(d: Deal) -> dict:
    """The range of direct-supply prices that works for both sides, or by how much it misses [CNY/kWh]."""
    def irr_at(p):
        value = d.project_irr(p)
        return -np.inf if value is None else value

    low, high = 0.0, PRICE_MAX_CNY_PER_KWH
    if irr_at(low) >= d.hurdle_irr_fraction:
        p_low = 0.0
    elif irr_at(high) < d.hurdle_irr_fraction:
        p_low = None
    else:
        while high - low > 1e-9:
            mid = 0.5 * (low + high)
            low, high = (mid, high) if irr_at(mid) < d.hurdle_irr_fraction else (low, mid)
        p_low = high
    a, headroom = d.green_weighted_kwh_per_yr, d.bau_cny_per_yr - d.other_cny_per_yr
    losers = [n for n in a.index if a[n] <= 0 and headroom[n] < 0]
    limits = (headroom[a > 0] / a[a > 0]).sort_values()
    p_high = float(limits.iloc[0]) if len(limits) and not losers else None
    binding = str(limits.index[0]) if len(limits) else None
    exists = p_low is not None and p_high is not None and p_low <= p_high
    out = {"exists": exists, "price_low_cny_per_kwh": p_low, "price_high_cny_per_kwh": p_high,
           "binding_enterprise": binding, "enterprises_worse_off_without_green": losers,
           "hurdle_irr_fraction": d.hurdle_irr_fraction,
           "enterprise_price_limits_cny_per_kwh": {str(n): float(v) for n, v in limits.items()}}
    if not exists:
        if p_low is None:
            out["miss"] = f"the project does not reach its hurdle IRR even at {PRICE_MAX_CNY_PER_KWH} CNY/kWh"
        elif p_high is None:
            out["miss"] = f"enterprises {losers} pay more than business as usual whatever the price"
        else:
            out["miss_cny_per_kwh"] = p_low - p_high
            out["miss"] = (f"the hurdle needs {p_low:.4f} CNY/kWh but {binding} pays more than business as usual "
                           f"above {p_high:.4f}: the window misses by {p_low - p_high:.4f} CNY/kWh")
    return out


def settlement(d: Deal, price: float) -> dict:
    """Bills, savings and the project company's and equity holders' returns at price p."""
    flows = d.project_flows(price)
    ind = indicators(flows, d.params)
    bills = d.bills(price)
    npv = ind["npv_cny"]
    return {"price_cny_per_kwh": price, "project": ind,
            "enterprises": [{"enterprise": str(n), "bill_cny_per_yr": float(bills[n]),
                             "bau_bill_cny_per_yr": float(d.bau_cny_per_yr[n]),
                             "saving_cny_per_yr": float(d.bau_cny_per_yr[n] - bills[n]),
                             "green_weighted_kwh_per_yr": float(d.green_weighted_kwh_per_yr[n])}
                            for n in bills.index],
            "equity": {"enterprises_fraction": d.equity_fraction,
                       "enterprises_npv_cny": d.equity_fraction * npv,
                       "generation_company_npv_cny": (1.0 - d.equity_fraction) * npv,
                       "irr_fraction": ind["irr_fraction"],
                       "note": "all-equity project company: each holder earns the project IRR"}}


def deal_report(result) -> dict:
    """The ``deal.json`` content: the window, the settlement at ``[deal] price_cny_per_kwh`` (if given)
    and the rules."""
    d = build_deal(result)
    out = {"window": price_window(d), "bau_scale": d.bau_scale, "price_shape": result.scenario.deal.price_shape,
           "bau_bill_cny_per_yr": {str(n): float(v) for n, v in d.bau_cny_per_yr.items()}}
    if result.scenario.deal.price_cny_per_kwh is not None:
        out["settlement"] = settlement(d, result.scenario.deal.price_cny_per_kwh)
    return out


def window_figure(d: Deal, window: dict, lang: str = "en"):
    """Project IRR and each enterprise's saving against the direct-supply price (zh or en labels)."""
    from matplotlib.figure import Figure

    from simulator.outputs.plots import plot_style

    text = {"zh": ("直供电价 (元/kWh)", "项目公司内部收益率", "门槛收益率", "各企业相对基准的节省 (百万元/年)",
                   "价格区间"),
            "en": ("direct-supply price (CNY/kWh)", "project company IRR", "hurdle IRR",
                   "saving against business as usual (M CNY/yr)", "price window")}[lang]
    top = max(2.0 * (window["price_high_cny_per_kwh"] or 0.5), 1.5 * (window["price_low_cny_per_kwh"] or 0.5), 0.2)
    prices = np.linspace(0.0, top, 41)
    with plot_style():
        fig = Figure(figsize=(10, 4))
        ax1, ax2 = fig.subplots(1, 2)
        irrs = [d.project_irr(p) for p in prices]
        ax1.plot(prices, [np.nan if v is None else v for v in irrs])
        ax1.axhline(d.hurdle_irr_fraction, color="tab:red", linestyle="--", label=text[2])
        ax1.set_xlabel(text[0])
        ax1.set_ylabel(text[1])
        savings = pd.DataFrame({q: d.bau_cny_per_yr - d.bills(q) for q in prices}).T / 1e6
        savings.plot(ax=ax2)
        ax2.axhline(0.0, color="black", linewidth=0.8)
        ax2.set_xlabel(text[0])
        ax2.set_ylabel(text[3])
        if window["exists"]:
            for ax in (ax1, ax2):
                ax.axvspan(window["price_low_cny_per_kwh"], window["price_high_cny_per_kwh"], color="tab:green",
                           alpha=0.15, label=text[4])
        ax1.legend()
        fig.tight_layout()
    return fig
