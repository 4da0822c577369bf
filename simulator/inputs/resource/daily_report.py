"""Record vs generator: the CDSRD statistics (source: CDSRD) beside the same statistics of seeded generator
years, as markdown for docs/resource.md (``python tools/weather_vs_record.py``; the test
tests/inputs/resource/test_resource_daily.py checks that the document holds the current table)."""
from __future__ import annotations

import numpy as np

from simulator.data import stations
from simulator.inputs.resource.daily import daily_stats, generator_statistics, station_stats

N_YEARS = 30
FIRST_SEED = 2026


def comparison(wmo_id: int, n_years: int = N_YEARS) -> dict:
    """Record and generator statistics of one station (generator: ``n_years`` seeded years with anomalies)."""
    record = daily_stats(wmo_id)
    gen, scalars = generator_statistics(wmo_id, n_years, FIRST_SEED, anomalies=True)
    return {"record": record, "generator": gen, "record_station": station_stats(wmo_id), "generator_station": scalars}


def _months(frame, column, months, relative_to=None):
    values = frame.loc[list(months), column].to_numpy(float)
    if relative_to is not None:
        values = values / relative_to.loc[list(months), "ghi_mean_kwh_per_m2_day"].to_numpy(float)
    return float(np.nanmean(values))


def markdown_table(comparisons: dict) -> str:
    """One row per station: record / generator, dry season (Nov-Apr) and wet season (May-Oct) means of the
    monthly statistics, low days per season and the annual CV."""
    dry, wet = (11, 12, 1, 2, 3, 4), (5, 6, 7, 8, 9, 10)
    head = ("| station | CV dry | CV wet | p10/mean dry | p90/mean dry | lag-1 dry | lag-1 wet | low days dry "
            "| low days wet | low run mean dry, d | annual CV |\n|---|---|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    names = stations()["name_en"]
    for wmo, c in comparisons.items():
        r, g = c["record"], c["generator"]
        cells = []
        for column, months, rel in (("ghi_cv_fraction", dry, False), ("ghi_cv_fraction", wet, False),
                                    ("ghi_p10_kwh_per_m2_day", dry, True), ("ghi_p90_kwh_per_m2_day", dry, True),
                                    ("anomaly_lag1_autocorr", dry, False), ("anomaly_lag1_autocorr", wet, False)):
            a = _months(r, column, months, r if rel else None)
            b = _months(g, column, months, g if rel else None)
            cells.append(f"{a:.2f} / {b:.2f}")
        rs, gs = c["record_station"], c["generator_station"]
        cells.append(f"{rs['low_days_dry_season_per_year']:.1f} / {gs['low_days_dry_season_per_year']:.1f}")
        cells.append(f"{rs['low_days_wet_season_per_year']:.1f} / {gs['low_days_wet_season_per_year']:.1f}")
        cells.append(f"{_months(r, 'low_run_mean_days', dry):.2f} / {_months(g, 'low_run_mean_days', dry):.2f}")
        cells.append(f"{rs['annual_ghi_interannual_cv_fraction']:.3f} / {gs['annual_ghi_interannual_cv_fraction']:.3f}")
        lines.append(f"| {names[wmo]} {wmo} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def all_comparisons(n_years: int = N_YEARS) -> dict:
    """:func:`comparison` of every shipped station."""
    return {int(wmo): comparison(int(wmo), n_years) for wmo in stations().index}

