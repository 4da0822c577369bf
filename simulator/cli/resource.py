"""``zcpark resource FILE --out DIR``: weather and availability of a whole year (files written by
:mod:`simulator.outputs.resource_files`)."""
from __future__ import annotations

from pathlib import Path

from simulator.cli.console import quiet
from simulator.cli.options import load_with_sets


def add_resource_arguments(parser) -> None:
    """Arguments of ``zcpark resource``."""
    parser.add_argument("file", help="scenario TOML, or a weather file (EPW, PVGIS TMY .csv/.json, TMY3, CSV)")
    parser.add_argument("--out", help="output folder (default: results/<name>/resource)")
    parser.add_argument("--format", choices=("epw", "pvgis", "tmy3", "csv"),
                        help="weather-file format (default from the extension: .epw, .json = PVGIS)")
    parser.add_argument("--year", type=int, default=2026, help="model year for a weather file (default 2026)")
    parser.add_argument("--timezone", default="Asia/Shanghai", help="model time zone for a weather file")
    parser.add_argument("--latitude", type=float, help="site latitude [deg] (default: from the file)")
    parser.add_argument("--longitude", type=float, help="site longitude [deg] (default: from the file)")
    parser.add_argument("--altitude", type=float, help="site altitude [m] (default: from the file)")


def resource_command(args) -> int:
    """Run ``zcpark resource``: print the summary table and write the files."""
    import warnings

    from simulator.errors import InputError, InputIssue
    from simulator.outputs.resource_files import format_summary, weather_file_scenario, write_resource

    path = Path(args.file)
    if path.suffix.lower() == ".toml":
        scenario = load_with_sets(path, args.set)
    else:
        if args.set:
            raise InputError(InputIssue("command line", "--set", args.set, "a scenario TOML file (a weather file "
                                        "has no scenario keys to set)"))
        if not path.is_file():
            raise InputError(InputIssue(str(path), "<file>", str(path), "an existing weather file"))
        scenario = weather_file_scenario(path, args.format, args.year, args.timezone, args.latitude,
                                         args.longitude, args.altitude)
    out = Path(args.out) if args.out else Path("results") / scenario.park.name / "resource"
    with warnings.catch_warnings(), quiet("simulator.inputs.resource.build"):
        warnings.simplefilter("ignore")        # conversions are listed in the summary and printed below
        summary, written = write_resource(scenario, out)
    print(format_summary(summary))
    print(f"written to {out}/ ({', '.join(p.name for p in written)})")
    return 0
