"""``zcpark deal FILE``: size the park, then the price window of its load-led joint project (docs/enterprises.md)."""
from __future__ import annotations

from pathlib import Path


def add_deal_arguments(p) -> None:
    p.add_argument("file", help="scenario TOML with [[load.enterprises]] and a [deal] section")
    p.add_argument("--out", help="output folder (default: results/<scenario name>/deal)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the chart")


def deal_command(args) -> int:
    from simulator.results.write import write_json
    from simulator.results.run import run
    from simulator.scenario import load_scenario
    from simulator.studies.deal import build_deal, check_deal, deal_report, window_figure

    scenario = load_scenario(args.file)
    check_deal(scenario)
    out = Path(args.out) if args.out else Path("results") / scenario.park.name / "deal"
    result = run(scenario)
    if result.status != "optimal":
        print(f"{scenario.park.name}: {result.status}: {result.summary['message']}")
        return 2
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
