"""``zcpark deal FILE``: size the park, then the price window of its load-led joint project (docs/enterprises.md)."""
from __future__ import annotations

from pathlib import Path


def add_deal_arguments(p) -> None:
    p.add_argument("file", help="scenario TOML with [[load.enterprises]] and a [deal] section")
    p.add_argument("--out", help="output folder (default: results/<scenario name>/deal)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the chart")
    p.add_argument("--add-enterprise", metavar="TOML", help="new enterprises ([[load.enterprises]]): size the "
                   "park with and without them and check the base build with them (newcomer.json)")


def deal_command(args) -> int:
    from simulator.results.write import write_json
    from simulator.results.run import run
    from simulator.cli.options import load_with_sets
    from simulator.studies.deal import build_deal, check_deal, deal_report, refuse_heat, window_figure

    scenario = load_with_sets(args.file, args.set)
    refuse_heat(scenario)
    new = None
    if args.add_enterprise:
        from simulator.studies.newcomer import read_new_enterprises

        new = read_new_enterprises(args.add_enterprise)
    if new is None or scenario.deal is not None:
        check_deal(scenario)
    out = Path(args.out) if args.out else Path("results") / scenario.park.name / "deal"
    result = run(scenario)
    if result.status != "optimal":
        print(f"{scenario.park.name}: {result.status}: {result.summary['message']}")
        return 2
    if new is not None:
        _newcomer(args.file, new, result, out)
        if scenario.deal is None:
            return 0
    report = deal_report(result)
    out.mkdir(parents=True, exist_ok=True)
    write_json(report, out / "deal.json")
    from simulator.outputs.plots import save_figures

    charts = save_figures({f"deal_price_window_{args.lang}": window_figure(build_deal(result), report["window"],
                                                                           args.lang)}, out)
    w = report["window"]
    if w["exists"]:
        print(f"price window: {w['price_low_cny_per_kwh']:.4f} .. {w['price_high_cny_per_kwh']:.4f} CNY/kWh "
              f"(hurdle IRR {w['hurdle_irr_fraction']:.1%}; binding enterprise {w['binding_enterprise']})")
    else:
        print(f"no price window: {w['miss']}")
    if "settlement" in report:
        st = report["settlement"]
        irr_text = "none" if st["project"]["irr_fraction"] is None else f"{st['project']['irr_fraction']:.2%}"
        print(f"at {st['price_cny_per_kwh']:.4f} CNY/kWh: project NPV {st['project']['npv_cny'] / 1e6:,.1f} M CNY, "
              f"IRR {irr_text}")
        for row in st["enterprises"]:
            print(f"  {row['enterprise']:28s} bill {row['bill_cny_per_yr'] / 1e6:12,.2f} M CNY/yr, "
                  f"saving {row['saving_cny_per_yr'] / 1e6:10,.2f}")
    print(f"written {out / 'deal.json'}, {charts[0]}")
    return 0


def _newcomer(path, new: list[dict], base, out: Path) -> None:
    from simulator.results.write import write_json
    from simulator.studies.newcomer import newcomer_report

    report = newcomer_report(path, new, base=base)
    out.mkdir(parents=True, exist_ok=True)
    write_json(report, out / "newcomer.json")
    print(f"new enterprises: {', '.join(report['added'])}")
    if "marginal" in report:
        m = report["marginal"]
        caps = ", ".join(f"{k} {v / 1e3:+,.1f} MW{'h' if k.endswith('kwh') else ''}" for k, v in m["capacity"].items()
                         if k in ("pv_kw", "wind_kw", "storage_kwh", "storage_kw", "grid_connection_kw"))
        print(f"  re-sized: {caps}; cost {m['cost_cny_per_yr'] / 1e6:+,.2f} M CNY/yr; "
              f"green share {m['green_share']:+.3f}")
    else:
        print(f"  re-sized: {report['resized']['status']}: {report['resized']['message']}")
    fixed = report["without_new_build"]
    if fixed["status"] == "optimal" and fixed["compliant"]:
        print("  without new build: every rule is still met")
    elif fixed["status"] == "optimal":
        print(f"  without new build: rules missed: {', '.join(fixed['failed_rules'])}")
    else:
        print(f"  without new build: {fixed['status']}: {fixed['message']}")
    print(f"written {out / 'newcomer.json'}")
