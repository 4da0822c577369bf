"""Derive daily solar-radiation statistics per station and month from the CDSRD.

Source: China Solar Radiation Daily Dataset (CDSRD), GitHub ``buildingdata/cdsrd-dataset``
(GPL-3.0).  Only the derived statistics written by this script are shipped with zcpark; no data
file or code of that repository is copied here.  See ``simulator/data/cdsrd_daily_stats.md`` for
the method, column definitions and the quality-control result.

Run (numpy and pandas only)::

    # extract the station files of the dataset somewhere, e.g.
    git --git-dir=<mirror of buildingdata/cdsrd-dataset> archive HEAD dataset/daily | tar x -C /tmp/cdsrd
    python tools/derive_cdsrd_stats.py /tmp/cdsrd/dataset/daily

``DATASET`` may be the folder holding ``<WMO id>.csv`` files, or the repository root / ``dataset``
folder above it.  Options: ``--stations`` (default ``simulator/data/yunnan_stations.csv``),
``--start/--end`` (default 2008-2017), ``--out-dir`` (default ``simulator/data``),
``--min-valid-days`` (default 360).  A quality-control report goes to stdout.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

MJ_TO_KWH = 1.0 / 3.6
SOLAR_CONSTANT_W_M2 = 1367.0
DRY_MONTHS = (11, 12, 1, 2, 3, 4)
WET_MONTHS = (5, 6, 7, 8, 9, 10)
LOW_DAY_FACTOR = 0.5
KT_FLOOR = 0.204  # CDSRD GHI on zero-sunshine days = 0.204 x H0 (observed minimum clearness index)
KT_FLOOR_TEST = 0.21
REPEAT_RUN_MIN_DAYS = 3
REPEAT_RUN_H0_REL_RANGE = 0.01
GHI_COL = "GHI(MJ/m2)"
DHI_COL = "DHI(MJ/m2)"

REPO_ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------------------------
# Solar geometry
# ---------------------------------------------------------------------------------------------


def extraterrestrial_daily_mj(latitude_deg: float, day_of_year: np.ndarray) -> np.ndarray:
    """Daily extraterrestrial irradiation on a horizontal plane, MJ/m2 (Spencer 1971 series).

    H0 = 24*3600/pi * Gsc * E0 * (cos(phi) cos(delta) sin(ws) + ws sin(phi) sin(delta)).
    """
    phi = np.radians(latitude_deg)
    b = 2.0 * np.pi * (np.asarray(day_of_year, dtype=float) - 1.0) / 365.0
    decl = (0.006918 - 0.399912 * np.cos(b) + 0.070257 * np.sin(b) - 0.006758 * np.cos(2 * b)
            + 0.000907 * np.sin(2 * b) - 0.002697 * np.cos(3 * b) + 0.00148 * np.sin(3 * b))
    e0 = (1.000110 + 0.034221 * np.cos(b) + 0.001280 * np.sin(b) + 0.000719 * np.cos(2 * b)
          + 0.000077 * np.sin(2 * b))
    ws = np.arccos(np.clip(-np.tan(phi) * np.tan(decl), -1.0, 1.0))
    return (24 * 3600 / np.pi * SOLAR_CONSTANT_W_M2 * 1e-6 * e0
            * (np.cos(phi) * np.cos(decl) * np.sin(ws) + ws * np.sin(phi) * np.sin(decl)))


# ---------------------------------------------------------------------------------------------
# Loading and quality control
# ---------------------------------------------------------------------------------------------


def find_station_file(dataset: Path, wmo_id: int) -> Path | None:
    for folder in (dataset, dataset / "daily", dataset / "dataset" / "daily"):
        path = folder / f"{wmo_id}.csv"
        if path.is_file():
            return path
    return None


def _run_ids(flag: np.ndarray) -> np.ndarray:
    """Label maximal runs of True in a boolean array (0 where False, 1..n for runs)."""
    start = flag & ~np.concatenate(([False], flag[:-1]))
    return np.where(flag, np.cumsum(start), 0)


def load_station(path: Path) -> tuple[pd.DataFrame, float]:
    """Daily series on a complete calendar (missing dates become NaN rows) with QC flags."""
    raw = pd.read_csv(path)
    for col in ("year", "month", "day", GHI_COL, DHI_COL, "latitude(deg)"):
        if col not in raw.columns:
            raise ValueError(f"{path}: column {col!r} missing (found {list(raw.columns)})")
    latitude = float(raw["latitude(deg)"].iloc[0])
    raw["date"] = pd.to_datetime(raw[["year", "month", "day"]], errors="coerce")
    raw = raw.dropna(subset=["date"]).drop_duplicates("date").set_index("date").sort_index()
    first, last = raw.index.min(), raw.index.max()
    cal = pd.date_range(f"{first.year}-01-01", f"{last.year}-12-31", freq="D")
    df = pd.DataFrame(index=cal)
    df["year"], df["month"], df["doy"] = cal.year, cal.month, cal.dayofyear
    df["ghi_mj"] = pd.to_numeric(raw[GHI_COL], errors="coerce").reindex(cal)
    df["dhi_mj"] = pd.to_numeric(raw[DHI_COL], errors="coerce").reindex(cal)
    df["h0_mj"] = extraterrestrial_daily_mj(latitude, df["doy"].to_numpy())

    ghi = df["ghi_mj"].to_numpy()
    h0 = df["h0_mj"].to_numpy()
    qc = pd.DataFrame(index=cal)
    qc["missing"] = np.isnan(ghi)
    qc["fill_or_negative"] = ~qc["missing"] & ((ghi < 0) | (ghi > 50))  # CMA fill 32766 etc.
    qc["above_extraterrestrial"] = ~qc["missing"] & (ghi > h0)
    qc["kt_below_0.015"] = ~qc["missing"] & (ghi >= 0) & (ghi < 0.015 * h0)
    # Runs of >= 3 identical GHI values.  The CDSRD GHI is a sunshine-duration model, so near
    # the solstices (H0 nearly constant) equal sunshine gives equal GHI (the data show runs of
    # 3-11 days with pairwise-equal values around 13-23 Dec); a repeat is only treated as a
    # fill/copy when H0 changes by more than 1 % across the run.
    same_as_prev = np.concatenate(([False], ghi[1:] == ghi[:-1]))
    in_run = same_as_prev | np.concatenate((same_as_prev[1:], [False]))
    ids = _run_ids(in_run)
    repeat_bad = np.zeros(len(ghi), dtype=bool)
    for rid in np.unique(ids[ids > 0]):
        sel = ids == rid
        if sel.sum() >= REPEAT_RUN_MIN_DAYS:
            h = h0[sel]
            if (h.max() - h.min()) / h.mean() > REPEAT_RUN_H0_REL_RANGE:
                repeat_bad |= sel
    qc["repeated_constant"] = repeat_bad
    n_repeat_days = int(sum((ids == r).sum() for r in np.unique(ids[ids > 0])
                            if (ids == r).sum() >= REPEAT_RUN_MIN_DAYS))
    qc.attrs["repeat_run_days_total"] = n_repeat_days

    bad_ghi = (qc["missing"] | qc["fill_or_negative"] | qc["above_extraterrestrial"]
               | qc["kt_below_0.015"] | qc["repeated_constant"]).to_numpy()
    df["ghi_valid"] = ~bad_ghi
    df.loc[bad_ghi, "ghi_mj"] = np.nan

    dhi = df["dhi_mj"].to_numpy()
    ghi = df["ghi_mj"].to_numpy()
    dhi_bad = np.isnan(dhi) | (dhi <= 0) | (dhi > 50) | np.isnan(ghi)
    dhi_clip = ~dhi_bad & (dhi > ghi)
    df["dhi_valid"] = ~dhi_bad
    df["dhi_clipped"] = dhi_clip
    df["dhi_mj"] = np.where(dhi_bad, np.nan, np.minimum(dhi, ghi))
    df.attrs["qc"] = qc
    df.attrs["latitude"] = latitude
    return df, latitude


def years_kept(df: pd.DataFrame, start: int | None, end: int | None, min_valid_days: int) -> tuple[list[int], dict[int, int]]:
    valid = df.groupby("year")["ghi_valid"].sum()
    if start is not None:
        valid = valid[valid.index >= start]
    if end is not None:
        valid = valid[valid.index <= end]
    kept = [int(y) for y, n in valid.items() if n >= min_valid_days]
    dropped = {int(y): int(n) for y, n in valid.items() if n < min_valid_days}
    return kept, dropped


# ---------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    ok = ~np.isnan(x) & ~np.isnan(y)
    if ok.sum() < 3:
        return float("nan")
    return float(np.corrcoef(x[ok], y[ok])[0, 1])


def _cv(values: np.ndarray) -> float:
    values = values[~np.isnan(values)]
    return float(np.std(values, ddof=1) / np.mean(values)) if len(values) > 1 else float("nan")


def station_stats(df: pd.DataFrame, kept: list[int]) -> tuple[pd.DataFrame, dict]:
    """Per-month table and per-station scalars for the kept years of one station."""
    d = df[df["year"].isin(kept)].copy()
    d["ghi"] = d["ghi_mj"] * MJ_TO_KWH
    d["dhi"] = d["dhi_mj"] * MJ_TO_KWH
    d["h0"] = d["h0_mj"] * MJ_TO_KWH

    # daily anomalies: from the month-year mean (primary) and the climatological month mean
    my_mean = d.groupby(["year", "month"])["ghi"].transform("mean")
    clim_mean = d.groupby("month")["ghi"].transform("mean")
    d["anom_my"] = d["ghi"] - my_mean
    d["anom_clim"] = d["ghi"] - clim_mean
    # consecutive-day pairs (day t, day t+1) on the calendar; t+1 must exist in kept years
    nxt = d.shift(-1)
    step_ok = np.concatenate(((d.index[1:] - d.index[:-1]).days == 1, [False]))
    same_my = step_ok & (nxt["month"].to_numpy() == d["month"].to_numpy())

    # low days and their runs (a missing day or a gap between kept years ends a run)
    d["low"] = d["ghi"] < LOW_DAY_FACTOR * clim_mean
    low = d["low"].to_numpy() & ~np.isnan(d["ghi"].to_numpy())
    low_prev = np.concatenate(([False], low[:-1] & step_ok[:-1]))
    run_start = low & ~low_prev
    run_id = np.cumsum(run_start) * low
    runs = (pd.DataFrame({"run": run_id[low], "month": d["month"].to_numpy()[low]})
            .groupby("run").agg(length=("month", "size"), month=("month", "first")))

    # monthly totals: month-year mean of valid days x days in month
    my = d.groupby(["year", "month"]).agg(mean=("ghi", "mean"), n=("ghi", "size"),
                                         n_valid=("ghi", "count"), low=("low", "sum"))
    my["total"] = my["mean"] * my["n"]
    totals = my["total"].unstack("month")  # years x 12

    rows = []
    for m in range(1, 13):
        dm = d[d["month"] == m]
        g = dm["ghi"].dropna().to_numpy()
        pair = (dm.index.isin(d.index[same_my]))
        a0 = dm["anom_my"].to_numpy()[pair]
        a1 = nxt.loc[dm.index[pair], "anom_my"].to_numpy()
        c0 = dm["anom_clim"].to_numpy()[step_ok[d["month"].to_numpy() == m]]
        c1 = nxt.loc[dm.index[step_ok[d["month"].to_numpy() == m]], "anom_clim"].to_numpy()
        dd = dm.dropna(subset=["dhi"])
        rm = runs[runs["month"] == m]["length"].to_numpy()
        n_my = int((my.index.get_level_values("month") == m).sum())
        tm = totals[m].to_numpy()
        rows.append({
            "month": m,
            "n_years": n_my,
            "n_days_valid": int(len(g)),
            "ghi_mean_kwh_per_m2_day": g.mean(),
            "ghi_sd_kwh_per_m2_day": g.std(ddof=1),
            "ghi_cv_fraction": g.std(ddof=1) / g.mean(),
            "ghi_p10_kwh_per_m2_day": np.percentile(g, 10),
            "ghi_p50_kwh_per_m2_day": np.percentile(g, 50),
            "ghi_p90_kwh_per_m2_day": np.percentile(g, 90),
            "ghi_min_kwh_per_m2_day": g.min(),
            "clearness_index_mean_fraction": dm["ghi"].sum() / dm.loc[dm["ghi"].notna(), "h0"].sum(),
            "kt_floor_days_share_fraction": float((dm["ghi"] / dm["h0"] < KT_FLOOR_TEST).sum() / len(g)),
            "ghi_floor_kwh_per_m2_day": KT_FLOOR * dm["h0"].mean(),
            "anomaly_lag1_autocorr": _pearson(a0, a1),
            "anomaly_lag1_autocorr_climmean": _pearson(c0, c1),
            "dhi_mean_kwh_per_m2_day": dd["dhi"].mean(),
            "diffuse_fraction": dd["dhi"].sum() / dd["ghi"].sum(),
            "diffuse_fraction_daily_mean": (dd["dhi"] / dd["ghi"]).mean(),
            "low_day_threshold_kwh_per_m2_day": LOW_DAY_FACTOR * g.mean(),
            "low_days_per_month": my.xs(m, level="month")["low"].mean(),
            "low_runs_per_month": len(rm) / n_my if n_my else np.nan,
            "low_run_mean_days": rm.mean() if len(rm) else np.nan,
            "low_run_ge3_share_fraction": (rm >= 3).mean() if len(rm) else np.nan,
            "low_run_max_days": int(rm.max()) if len(rm) else 0,
            "monthly_total_mean_kwh_per_m2": np.nanmean(tm),
            "monthly_total_interannual_cv_fraction": _cv(tm),
        })
    table = pd.DataFrame(rows)

    # month-to-month correlation of standardized monthly-total anomalies, pooled over the year
    z = (totals - totals.mean()) / totals.std(ddof=1)
    rel = totals / totals.mean() - 1.0
    years_sorted = sorted(kept)
    seq_z, seq_r, seq_key = [], [], []
    for y in years_sorted:
        for m in range(1, 13):
            seq_z.append(z.loc[y, m]); seq_r.append(rel.loc[y, m]); seq_key.append(y * 12 + m - 1)
    seq_z, seq_r, seq_key = np.array(seq_z), np.array(seq_r), np.array(seq_key)
    adjacent = np.diff(seq_key) == 1
    annual = totals.sum(axis=1).to_numpy()
    low_by_year = my["low"].unstack("month")
    scalars = {
        "years_kept": len(kept),
        "first_year": min(kept) if kept else np.nan,
        "last_year": max(kept) if kept else np.nan,
        "annual_ghi_mean_kwh_per_m2": annual.mean(),
        "annual_ghi_interannual_cv_fraction": _cv(annual),
        "monthly_anomaly_lag1_corr": _pearson(seq_z[:-1][adjacent], seq_z[1:][adjacent]),
        "monthly_anomaly_lag1_corr_relative": _pearson(seq_r[:-1][adjacent], seq_r[1:][adjacent]),
        "dry_season_share_fraction": table.loc[table["month"].isin(DRY_MONTHS), "monthly_total_mean_kwh_per_m2"].sum()
        / table["monthly_total_mean_kwh_per_m2"].sum(),
        "low_days_dry_season_per_year": low_by_year[list(DRY_MONTHS)].sum(axis=1).mean(),
        "low_days_wet_season_per_year": low_by_year[list(WET_MONTHS)].sum(axis=1).mean(),
        "diffuse_fraction_annual": d["dhi"].sum() / d.loc[d["dhi"].notna(), "ghi"].sum(),
    }
    return table, scalars


def _year_ranges(years: list[int]) -> str:
    if not years:
        return ""
    years = sorted(years)
    parts, lo, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(f"{lo}-{prev}" if prev != lo else f"{lo}")
        if y is not None:
            lo = prev = y
    return " ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dataset", type=Path, help="folder with CDSRD <WMO id>.csv daily files")
    ap.add_argument("--stations", type=Path, default=REPO_ROOT / "simulator/data/yunnan_stations.csv")
    ap.add_argument("--start", type=int, default=2008)
    ap.add_argument("--end", type=int, default=2017)
    ap.add_argument("--min-valid-days", type=int, default=360)
    ap.add_argument("--out-dir", type=Path, default=REPO_ROOT / "simulator/data")
    args = ap.parse_args(argv)

    stations = pd.read_csv(args.stations)
    monthly_rows, station_rows = [], []
    for st in stations.itertuples(index=False):
        path = find_station_file(args.dataset, int(st.wmo_id))
        if path is None:
            print(f"{st.wmo_id} {st.name_en}: no file in {args.dataset}, skipped")
            continue
        df, lat = load_station(path)
        qc = df.attrs["qc"]
        win = (df["year"] >= args.start) & (df["year"] <= args.end)
        flags = [c for c in qc.columns if qc[c].dtype == bool]
        print(f"{st.wmo_id} {st.name_en} lat {lat:.2f}: record {df['year'].min()}-{df['year'].max()}; "
              "flagged GHI days (full / window): "
              + ", ".join(f"{c} {int(qc[c].sum())}/{int(qc.loc[win, c].sum())}" for c in flags)
              + f"; identical-value runs >= {REPEAT_RUN_MIN_DAYS} d: {qc.attrs['repeat_run_days_total']} days"
              f"; DHI invalid {int((~df['dhi_valid']).sum())}/{int((~df.loc[win, 'dhi_valid']).sum())}"
              f", DHI>GHI clipped {int(df['dhi_clipped'].sum())}/{int(df.loc[win, 'dhi_clipped'].sum())}")
        kt = (df["ghi_mj"] / df["h0_mj"])[win]
        kd = (df["dhi_mj"] / df["ghi_mj"])[win]
        print(f"    window kt min {kt.min():.3f} max {kt.max():.3f}, days with kt < 0.21 (model floor, "
              f"no sunshine) {(kt < 0.21).mean():.1%}; DHI/GHI min {kd.min():.3f} max {kd.max():.3f}")
        kept, dropped = years_kept(df, args.start, args.end, args.min_valid_days)
        kept_full, dropped_full = years_kept(df, None, None, args.min_valid_days)
        print(f"    kept {args.start}-{args.end}: {_year_ranges(kept)} dropped {dropped or '-'};"
              f" full record kept {_year_ranges(kept_full)} dropped {dropped_full or '-'}")
        table, sc = station_stats(df, kept)
        _, sc_full = station_stats(df, kept_full)
        table.insert(0, "name_en", st.name_en)
        table.insert(0, "wmo_id", int(st.wmo_id))
        monthly_rows.append(table)
        row = {"wmo_id": int(st.wmo_id), "name_en": st.name_en,
               "years_kept_list": _year_ranges(kept),
               "qc_ghi_days_flagged": int(qc.loc[win, flags].any(axis=1).sum()),
               "qc_dhi_days_clipped_to_ghi": int(df.loc[win, "dhi_clipped"].sum())}
        row.update(sc)
        row.update({"full_record_years_kept_list": _year_ranges(kept_full)})
        row.update({f"full_record_{k}": v for k, v in sc_full.items()
                    if k not in ("first_year", "last_year")})
        station_rows.append(row)
        print(f"    {args.start}-{args.end}: annual {sc['annual_ghi_mean_kwh_per_m2']:.0f} kWh/m2 "
              f"CV {sc['annual_ghi_interannual_cv_fraction']:.3f}, month-to-month r "
              f"{sc['monthly_anomaly_lag1_corr']:.2f} (relative {sc['monthly_anomaly_lag1_corr_relative']:.2f}), "
              f"low days dry/wet {sc['low_days_dry_season_per_year']:.1f}/{sc['low_days_wet_season_per_year']:.1f}; "
              f"full record annual {sc_full['annual_ghi_mean_kwh_per_m2']:.0f} CV "
              f"{sc_full['annual_ghi_interannual_cv_fraction']:.3f} r {sc_full['monthly_anomaly_lag1_corr']:.2f} "
              f"low dry/wet {sc_full['low_days_dry_season_per_year']:.1f}/{sc_full['low_days_wet_season_per_year']:.1f}")

    monthly = pd.concat(monthly_rows, ignore_index=True)
    station = pd.DataFrame(station_rows)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    monthly.to_csv(args.out_dir / "cdsrd_daily_stats.csv", index=False, float_format="%.4g")
    station.to_csv(args.out_dir / "cdsrd_station_stats.csv", index=False, float_format="%.4g")
    print(f"wrote {args.out_dir / 'cdsrd_daily_stats.csv'} ({len(monthly)} rows) and "
          f"{args.out_dir / 'cdsrd_station_stats.csv'} ({len(station)} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
