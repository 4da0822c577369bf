"""Metered interval data (15-min or hourly, kW or kWh per interval) from CSV or Excel files.

Utilities and 用电信息采集 systems export one row per interval: a timestamp and a reading. This module
reads such a file and says exactly what it found: the interval (detected from the timestamps, or
given), the unit (given, or read from the value column's header) and every gap and duplicated
timestamp, with their timestamps. Nothing is filled, dropped or averaged unless the caller names the
method (``fill``, ``duplicates``); the method used is part of the returned report.

:func:`year_profile_kw` then places the data on a model year (shifting whole weeks when the data come
from another year) and :func:`on_index` puts a profile on the model's time grid, preserving energy.
"""
from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.inputs.load.units import unit_from_header
from simulator.inputs.textfile import read_text
from simulator.scenario.fields import MAX_POWER_KW

INTERVALS_MIN = (15, 30, 60)
_END_OF_DAY = r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})[ T]24:00(?::00)?$"
_TIME_OF_DAY = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")
MAX_LISTED = 20
@dataclass
class MeteredReport:
    """What was found in a metered file and what was done with it.

    Attributes
    ----------
    source : str
        File (and sheet) read.
    rows : int
        Data rows in the file.
    first, last : str
        First and last interval start (ISO 8601, in the target time zone).
    interval_minutes : int
        Interval length [min].
    interval_basis : str
        How the interval was decided (given, or detected with the share of steps that have it).
    unit : str
        ``kW`` (mean power per interval) or ``kWh`` (energy per interval) as read.
    unit_basis : str
        How the unit was decided (given, or which header said so, and any MW/MWh factor).
    duplicates : list of str
        Timestamps that occur more than once.
    duplicates_action : str
        ``error`` (not reached when duplicates exist), ``first`` or ``mean``.
    gaps : list of dict
        Runs of missing intervals: ``start``, ``end`` (first and last missing interval), ``intervals``.
    missing_intervals : int
        Missing intervals in total (absent rows and empty values).
    fill_method : str
        ``none`` or the method used to fill the missing intervals.
    energy_kwh : float
        Energy of the data after filling [kWh].
    notes : list of str
        Further statements (year mapping, scaling) added by later steps.
    """

    source: str
    rows: int
    first: str
    last: str
    interval_minutes: int
    interval_basis: str
    unit: str
    unit_basis: str
    duplicates: list = field(default_factory=list)
    duplicates_action: str = "error"
    gaps: list = field(default_factory=list)
    missing_intervals: int = 0
    fill_method: str = "none"
    energy_kwh: float = 0.0
    notes: list = field(default_factory=list)

    def as_dict(self) -> dict:
        """Plain dict (JSON-ready)."""
        return asdict(self)


@dataclass
class MeteredData:
    """A regular metered series [kW] on its own interval, with the report of how it was read."""

    kw: pd.Series
    report: MeteredReport


def _fail(source, fld, value, expected):
    raise InputError(InputIssue(source, fld, value, expected))


def _fail_each(source, fld, values, total, what, expected, shown=10):
    """One issue (one line) per offending item, so that no timestamp is cut off; at most ``shown``."""
    issues = [InputIssue(source, f"{fld} ({what} {i + 1} of {total})", v, expected)
              for i, v in enumerate(values[:shown])]
    if total > shown:
        issues.append(InputIssue(source, fld, f"{total - shown} more {what}s", expected))
    raise InputError(issues)


def _read_table(path: Path, sheet: str | None, source: str, fld: str) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls"):
            book = pd.ExcelFile(path)
            if sheet is not None and sheet not in book.sheet_names:
                _fail(source, f"{fld}.sheet", sheet, f"one of {book.sheet_names}")
            return book.parse(sheet if sheet is not None else 0, dtype=object)
        text = read_text(path, source, f"{fld}.file")  # UTF-8 or GBK, as every CSV of the package
        # sep=None sniffs comma, semicolon or tab
        return pd.read_csv(io.StringIO(text), dtype=str, skipinitialspace=True, keep_default_na=False,
                           sep=None, engine="python")
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - every parse problem is the same error for the user
        _fail(source, f"{fld}.file", str(path), f"a readable CSV or Excel file ({type(exc).__name__}: {exc})")


def _wide_to_long(frame: pd.DataFrame, date_column: str | None, source: str, fld: str) -> pd.DataFrame:
    """A table with one row per day and one column per time of day ('00:15' ... '24:00') to one row per
    interval (columns ``timestamp``, ``value``)."""
    dcol = date_column or frame.columns[0]
    if dcol not in frame.columns:
        _fail(source, f"{fld}.timestamp_column", dcol, f"one of {list(frame.columns)}")
    times = {}
    for col in frame.columns:
        if col == dcol:
            continue
        match = _TIME_OF_DAY.match(str(col).strip())
        if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
            _fail(source, f"{fld} column", col, "a time of day HH:MM in every column of a wide table besides the date")
        times[col] = pd.Timedelta(hours=int(match.group(1)), minutes=int(match.group(2)))
    dates = pd.to_datetime(frame[dcol].astype(str).str.strip(), errors="coerce", format="mixed")
    if dates.isna().any():
        row = int(np.nonzero(dates.isna().to_numpy())[0][0])
        _fail(source, f"{fld} column '{dcol}'", str(frame[dcol].iloc[row]), f"a date in every row (row {row + 2})")
    parts = [pd.DataFrame({"timestamp": (dates.dt.normalize() + offset).astype(str), "value": frame[col]})
             for col, offset in times.items()]
    return pd.concat(parts, ignore_index=True)


def _stamps(raw: pd.Series, tz: str, source: str, fld: str) -> pd.DatetimeIndex:
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed = pd.to_datetime(raw)
    else:
        text = raw.astype(str).str.strip()
        midnight = text.str.match(_END_OF_DAY)
        if midnight.any():  # '2026-03-02 24:00' = the end of that day, as many meters label the last interval
            text = text.where(~midnight, text.str.replace(_END_OF_DAY, r"\1 00:00", regex=True))
        try:
            parsed = pd.to_datetime(text, format="ISO8601")
        except (ValueError, TypeError):
            parsed = pd.to_datetime(text, errors="coerce", format="mixed")
    if not pd.api.types.is_datetime64_any_dtype(raw) and midnight.any():
        parsed = parsed.where(~midnight.to_numpy(), parsed + pd.Timedelta(days=1))
    bad = parsed.isna()
    if bad.any():
        rows = list(np.nonzero(bad.to_numpy())[0][:5])
        _fail(source, fld, [str(raw.iloc[r]) for r in rows],
              f"a date-time in every row (rows {[r + 2 for r in rows]} of the file are not)")
    stamps = pd.DatetimeIndex(parsed)
    try:
        if stamps.tz is None:
            stamps = stamps.tz_localize(tz, ambiguous="raise", nonexistent="raise")
        else:
            stamps = stamps.tz_convert(tz)
    except Exception as exc:  # noqa: BLE001 - pytz/zoneinfo raise several types
        _fail(source, fld, str(exc)[:80], f"local times that exist exactly once in {tz} (use a zone without "
              "daylight saving time, such as Asia/Shanghai, or timestamps with a UTC offset)")
    return stamps


def _numbers(raw: pd.Series, stamps: pd.DatetimeIndex, source: str, fld: str) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        empty = np.isnan(values)
    else:
        text = [("" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())
                for v in raw.astype(object).tolist()]
        empty = np.array([t == "" for t in text], dtype=bool)
        values = pd.to_numeric(pd.Series([None if t == "" else t for t in text], dtype=object),
                               errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values) & ~empty
    if bad.any():
        rows = np.nonzero(bad)[0]
        _fail_each(source, fld, [f"{stamps[r]}: {raw.iloc[r]!r}" for r in rows], len(rows), "text entry",
                   "a number (empty cells count as missing intervals)")
    infinite = np.isinf(values)  # 'inf', '1e400'
    if infinite.any():
        rows = np.nonzero(infinite)[0]
        _fail_each(source, fld, [f"{stamps[r]}: {raw.iloc[r]!r}" for r in rows], len(rows), "reading",
                   "a finite number")
    negative = values < 0
    if negative.any():
        rows = np.nonzero(negative)[0]
        _fail_each(source, fld, [f"{stamps[r]}: {values[r]}" for r in rows], len(rows), "negative reading",
                   "a load >= 0 (net metering with export is not a load)")
    return values


def _gap_runs(missing: pd.DatetimeIndex, step: pd.Timedelta) -> list[dict]:
    if len(missing) == 0:
        return []
    runs, start, prev, count = [], missing[0], missing[0], 1
    for t in missing[1:]:
        if t - prev == step:
            prev, count = t, count + 1
            continue
        runs.append({"start": start.isoformat(), "end": prev.isoformat(), "intervals": count})
        start, prev, count = t, t, 1
    runs.append({"start": start.isoformat(), "end": prev.isoformat(), "intervals": count})
    return runs


def read_metered(path: str | Path, timezone: str = "Asia/Shanghai", sheet: str | None = None,
                 timestamp_column: str | None = None, value_column: str | None = None,
                 unit: Literal["auto", "kW", "kWh"] = "auto", interval_minutes: int | None = None,
                 fill: Literal["none", "linear", "previous_day"] = "none",
                 duplicates: Literal["error", "first", "mean"] = "error",
                 timestamps: Literal["start", "end"] = "start", layout: Literal["long", "wide"] = "long",
                 field_name: str = "metered") -> MeteredData:
    """Read a metered interval-data file.

    Parameters
    ----------
    path : str or Path
        CSV (any delimiter pandas detects as comma) or Excel file; one row per interval.
    timezone : str
        Zone of naive timestamps (and of the result); timestamps with a UTC offset are converted.
    sheet : str, optional
        Excel sheet; default the first.
    timestamp_column, value_column : str, optional
        Column names; default the first column and the only other column.
    unit : {'auto', 'kW', 'kWh'}
        Mean power per interval [kW] or energy per interval [kWh]; ``auto`` reads it from the value
        column's header (kWh, MWh, kW, MW, 千瓦时, 千瓦, 兆瓦...) and refuses to guess otherwise.
    interval_minutes : {15, 30, 60}, optional
        Interval length [min]; default detected from the most common timestamp step.
    fill : {'none', 'linear', 'previous_day'}
        Missing intervals (absent rows or empty cells): ``none`` refuses the file and lists them;
        ``linear`` interpolates in time; ``previous_day`` copies the same interval of the nearest
        earlier day that has a value.
    duplicates : {'error', 'first', 'mean'}
        Repeated timestamps: refuse (listing them), keep the first row, or average the rows.
    timestamps : {'start', 'end'}
        Whether a timestamp labels the start or the end of its interval (many meters label the end:
        00:15 ... 24:00); the result is always labelled by interval start.
    layout : {'long', 'wide'}
        ``long``: one row per interval. ``wide``: one row per day, the date in the first (or
        ``timestamp_column``) column and one column per time of day (``00:15`` ... ``24:00`` or
        ``00:00`` ... ``23:45``), as 用电信息采集 exports often are; the unit must then be given.
    field_name : str
        Scenario key the file was given under, for messages.

    Returns
    -------
    MeteredData
        Regular series [kW] with ``freq`` set, and the :class:`MeteredReport`.

    Raises
    ------
    InputError
        For an unreadable file, unknown columns, unparsable timestamps, text in the value column,
        negative readings, an interval other than 15/30/60 min, timestamps off the interval grid,
        an undetermined unit, duplicates (``duplicates='error'``) or gaps (``fill='none'``).
    """
    path = Path(path)
    source = f"{path}" + (f" [{sheet}]" if sheet else "")
    frame = _read_table(path, sheet, source, field_name)
    frame.columns = [str(c).strip() for c in frame.columns]
    if layout == "wide":
        if unit == "auto":
            _fail(source, f"{field_name}.unit", "auto", "unit = 'kW' or 'kWh' (a wide table has no value header)")
        frame = _wide_to_long(frame, timestamp_column, source, field_name)
        timestamp_column, value_column = "timestamp", "value"
    if frame.shape[1] < 2 or len(frame) < 2:
        _fail(source, field_name, f"{frame.shape[0]} rows x {frame.shape[1]} columns",
              "a timestamp column, a value column and at least two rows")
    tcol = timestamp_column or frame.columns[0]
    if tcol not in frame.columns:
        _fail(source, f"{field_name}.timestamp_column", tcol, f"one of {list(frame.columns)}")
    others = [c for c in frame.columns if c != tcol]
    if value_column is None:
        if len(others) != 1:
            _fail(source, f"{field_name}.value_column", None, f"one of {others} (the file has several columns)")
        value_column = others[0]
    elif value_column not in frame.columns:
        _fail(source, f"{field_name}.value_column", value_column, f"one of {others}")
    stamps = _stamps(frame[tcol], timezone, source, f"{field_name} column '{tcol}'")
    values = _numbers(frame[value_column], stamps, source, f"{field_name} column '{value_column}'")

    # unit
    factor = 1.0
    header_unit = unit_from_header(value_column, source, f"{field_name}.value_column")
    if unit == "auto":
        if header_unit is None:
            _fail(source, f"{field_name}.unit", "auto", f"a unit: the header '{value_column}' does not say kW or kWh; "
                  "set unit = 'kW' (mean power per interval) or 'kWh' (energy per interval)")
        unit, factor = header_unit
        unit_basis = f"from the header '{value_column}'" + (f" (x {factor:g} to {unit})" if factor != 1 else "")
    else:
        if header_unit is not None and header_unit[0] != unit:
            _fail(source, f"{field_name}.unit", unit, f"the unit the header '{value_column}' states ({header_unit[0]})")
        if header_unit is not None and header_unit[1] != 1.0:
            _fail(source, f"{field_name}.unit", unit, f"unit = 'auto': the header '{value_column}' states a unit "
                  f"{header_unit[1]:g} x {header_unit[0]}, which a given unit would ignore")
        unit_basis = "given"
    values = values * factor

    # duplicates
    series = pd.Series(values, index=stamps)
    dup_mask = series.index.duplicated(keep=False)
    dup_stamps = sorted({t.isoformat() for t in series.index[dup_mask]})
    if dup_stamps and duplicates == "error":
        _fail_each(source, f"{field_name} timestamps", dup_stamps, len(dup_stamps), "duplicate",
                   "each timestamp once; or set duplicates = 'first' or 'mean'")
    if dup_stamps:
        series = series.groupby(level=0).first() if duplicates == "first" else series.groupby(level=0).mean()
    series = series.sort_index()
    if len(series) < 2:
        _fail(source, f"{field_name} timestamps", [t.isoformat() for t in series.index],
              f"at least two different timestamps ({len(frame)} rows carry {len(series)})")

    # interval
    steps_min = np.asarray((series.index[1:] - series.index[:-1]) / pd.Timedelta(minutes=1), dtype=float)
    values_min, counts = np.unique(steps_min, return_counts=True)
    common = float(values_min[np.argmax(counts)])
    share = counts.max() / len(steps_min)
    if interval_minutes is None:
        if common not in INTERVALS_MIN:
            _fail(source, f"{field_name}.interval_minutes", f"most common step {common:g} min",
                  "15, 30 or 60 min (or state interval_minutes)")
        interval_minutes = int(common)
        interval_basis = f"detected: {share:.1%} of the {len(steps_min)} steps are {interval_minutes} min"
    else:
        if common != interval_minutes:
            _fail(source, f"{field_name}.interval_minutes", interval_minutes,
                  f"the step the timestamps show ({common:g} min in {share:.1%} of steps)")
        interval_basis = "given"
    step = pd.Timedelta(minutes=interval_minutes)
    off_grid = (series.index - series.index[0]) % step != pd.Timedelta(0)
    if off_grid.any():
        _fail(source, f"{field_name} timestamps", [t.isoformat() for t in series.index[off_grid][:5]],
              f"timestamps on a regular {interval_minutes}-min grid from {series.index[0].isoformat()}")
    full = pd.date_range(series.index[0], series.index[-1], freq=step)
    series = series.reindex(full)
    missing_idx = full[series.isna().to_numpy()]
    gaps = _gap_runs(missing_idx, step)
    if len(missing_idx) and fill == "none":
        _fail_each(source, f"{field_name} missing intervals",
                   [f"{g['start']} .. {g['end']} ({g['intervals']})" for g in gaps], len(gaps), "gap",
                   f"no missing intervals ({len(missing_idx)} missing in {len(gaps)} gaps); or set fill = "
                   "'linear' or 'previous_day' to fill them")
    if len(missing_idx):
        if fill == "linear":
            series = series.interpolate(method="time")
        else:
            per_day = pd.Timedelta(days=1) // step
            for _ in range(len(series) // per_day + 1):
                if not series.isna().any():
                    break
                series = series.fillna(series.shift(per_day))
            if series.isna().any():
                t = series.index[series.isna().to_numpy()][0]
                _fail(source, f"{field_name}.fill", "previous_day", f"an earlier day with a value for {t.isoformat()}")
    if timestamps == "end":
        full = full - step
        interval_basis += ("; the file's timestamps label interval ends and were moved to interval starts "
                           "(gaps and duplicates are listed with the file's own timestamps)")
    dt_h = interval_minutes / 60.0
    kw = series / dt_h if unit == "kWh" else series
    kw = pd.Series(kw.to_numpy(dtype=float), index=pd.DatetimeIndex(full, freq=step), name="load_kw")
    if kw.max() > MAX_POWER_KW:  # in kW, after the header's scale (MW, 万kW) and per-interval energy
        t = kw.idxmax()
        _fail(source, f"{field_name} column '{value_column}' at {t.isoformat()}", f"{kw[t]:g} kW",
              f"a mean load of at most {MAX_POWER_KW:g} kW ({unit_basis})")
    report = MeteredReport(
        source=source, rows=len(frame), first=full[0].isoformat(), last=full[-1].isoformat(),
        interval_minutes=interval_minutes, interval_basis=interval_basis, unit=unit, unit_basis=unit_basis,
        duplicates=dup_stamps[:MAX_LISTED], duplicates_action=duplicates if dup_stamps else "none found",
        gaps=gaps[:MAX_LISTED], missing_intervals=int(len(missing_idx)),
        fill_method=fill if len(missing_idx) else "none (no gaps)",
        energy_kwh=float(kw.sum() * dt_h))
    if len(dup_stamps) > MAX_LISTED or len(gaps) > MAX_LISTED:
        report.notes.append(f"lists show the first {MAX_LISTED} of {len(dup_stamps)} duplicated timestamps "
                            f"and {len(gaps)} gaps")
    return MeteredData(kw, report)


def year_profile_kw(data: MeteredData, year: int) -> pd.Series:
    """The metered profile placed on calendar year ``year`` at the data's interval [kW].

    Data that cover the year are cut to it. Otherwise at least 364 days are needed: the data are
    shifted by whole weeks (so weekdays stay weekdays), the shift chosen so that the data's year
    start lands nearest to 1 January of ``year``, and stamps outside the data wrap by 52 weeks. The
    shift is stated in the report's notes; holidays of the metered year do not move with it.
    """
    kw = data.kw
    step = pd.Timedelta(kw.index.freq)
    tz = kw.index.tz
    target = pd.date_range(pd.Timestamp(year=year, month=1, day=1, tz=tz),
                           pd.Timestamp(year=year + 1, month=1, day=1, tz=tz), freq=step, inclusive="left")
    if kw.index[0] <= target[0] and kw.index[-1] >= target[-1]:
        data.report.notes.append(f"metered data cover {year}: used as they are")
        return kw.reindex(target)
    span_days = (kw.index[-1] - kw.index[0] + step) / pd.Timedelta(days=1)
    if span_days < 364:
        _fail(data.report.source, "metered", f"{span_days:.1f} days ({data.report.first} .. {data.report.last})",
              f"data covering {year} or at least 364 days (a full year) to place on {year}")
    middle = kw.index[0] + (kw.index[-1] - kw.index[0]) / 2
    data_year_start = pd.Timestamp(year=middle.year, month=1, day=1, tz=tz)
    weeks = round((target[0] - data_year_start) / pd.Timedelta(days=7))
    offset = pd.Timedelta(days=7 * weeks)
    source_t = target - offset
    wrap = pd.Timedelta(days=364)
    source_t = source_t.where(source_t >= kw.index[0], source_t + wrap)
    source_t = source_t.where(source_t <= kw.index[-1], source_t - wrap)
    out = kw.reindex(source_t)
    if out.isna().any():
        t = target[out.isna().to_numpy()][0]
        _fail(data.report.source, "metered", f"no value for {t.isoformat()} after the week shift",
              "data covering a full year")
    data.report.notes.append(f"placed on {year} by shifting {weeks} weeks ({7 * weeks} days; weekdays kept, "
                             f"holidays of the metered year not moved); stamps beyond the data wrap by 52 weeks")
    return pd.Series(out.to_numpy(), index=target, name=kw.name)


def on_index(kw: pd.Series, index: pd.DatetimeIndex) -> np.ndarray:
    """Values of a regular profile [kW] on the model index, preserving energy.

    A finer profile is averaged over each model step; a coarser one holds its value in every
    model step within its interval. Raises ValueError if the profile does not cover the index.
    """
    step = pd.Timedelta(kw.index.freq)
    model_step = pd.Timedelta(index.freq)
    if model_step > step:
        if model_step % step != pd.Timedelta(0):
            raise ValueError(f"model step {model_step} is not a multiple of the data interval {step}")
        kw = kw.resample(model_step, origin=index[0]).mean()
        values = kw.reindex(index)
    elif model_step < step:
        values = kw.reindex(index.floor(step))
    else:
        values = kw.reindex(index)
    if values.isna().any():
        raise ValueError(f"profile does not cover the model horizon {index[0]} .. {index[-1]}")
    return values.to_numpy(dtype=float)
