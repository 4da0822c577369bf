"""PV output per kW DC installed, with pvlib's PVWatts model chain."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
from pvlib.modelchain import ModelChain
from pvlib.pvsystem import Array, FixedMount, PVSystem, SingleAxisTrackerMount
from pvlib.temperature import TEMPERATURE_MODEL_PARAMETERS


def default_tilt_deg(latitude: float) -> float:
    """Annual-yield-optimal fixed tilt [deg] for a latitude [deg].

    Polynomial fit of Jacobson & Jadhav (2018, Solar Energy 169, 55-66) for the northern hemisphere;
    about 23.7 deg at Kunming (25 N).
    """
    lat = abs(latitude)
    return float(1.3793 + lat * (1.2011 + lat * (-0.014404 + lat * 0.000080509)))


def degradation_factor(first_year_fraction: float, annual_fraction: float, lifetime_yr: int,
                       basis: str = "first_year") -> float:
    """Output of a degraded plant relative to its nameplate [-].

    ``first_year``: (1 - d1), the first operating year. ``lifetime_mean``: the mean over the life of
    (1 - d1) (1 - da)^(y - 1), y = 1 .. n (linear-in-log degradation, as in module warranties).
    """
    if basis == "first_year":
        return 1.0 - first_year_fraction
    if basis != "lifetime_mean":
        raise ValueError(f"unknown degradation basis {basis!r}")
    years = np.arange(int(lifetime_yr))
    return float((1.0 - first_year_fraction) * np.mean((1.0 - annual_fraction) ** years))


def pv_availability(weather: pd.DataFrame, latitude: float, longitude: float, altitude_m: float,
                    tilt_deg: float | None = None, azimuth_deg: float = 180.0, dc_ac_ratio: float = 1.2,
                    system_losses_fraction: float = 0.14, inverter_efficiency_fraction: float = 0.98,
                    gamma_pdc_per_c: float = -0.0035, mounting: str = "fixed",
                    temperature_model: str = "open_rack_glass_glass", bifacial_gain_fraction: float = 0.0,
                    max_tracker_angle_deg: float = 60.0, ground_coverage_ratio: float = 0.35,
                    dc_scale: float = 1.0) -> pd.Series:
    """AC output per kW DC installed of a fixed-tilt or single-axis-tracking PV plant.

    Parameters
    ----------
    weather : pandas.DataFrame
        ``ghi``, ``dni``, ``dhi`` [W/m2], ``temp_air`` [degC], ``wind_speed`` [m/s], on a regular
        tz-aware index of step starts (values are step means).
    latitude, longitude : float
        Site [degrees].
    altitude_m : float
        Site altitude [m].
    tilt_deg : float, optional
        Module tilt [deg] of a fixed plant; default :func:`default_tilt_deg`. Ignored for trackers.
    azimuth_deg : float
        Module azimuth [deg], 180 = south; for a tracker the azimuth of the row axis is north-south.
    dc_ac_ratio : float
        DC nameplate / inverter AC rating [-]; output is clipped at ``1 / dc_ac_ratio``.
    system_losses_fraction : float
        PVWatts DC system losses (soiling, wiring, mismatch, LID, availability) [-].
    inverter_efficiency_fraction : float
        Nominal inverter efficiency [-].
    gamma_pdc_per_c : float
        Module power temperature coefficient [1/degC].
    mounting : {"fixed", "single_axis"}
        Fixed tilt, or a horizontal north-south single-axis tracker with backtracking.
    temperature_model : str
        SAPM cell-temperature parameter set of pvlib (``open_rack_glass_glass``, ...).
    bifacial_gain_fraction : float
        Rear-side gain as a fraction of the front-side DC power [-] (a scalar gain, no view factors).
    max_tracker_angle_deg : float
        Tracker rotation limit [deg].
    ground_coverage_ratio : float
        Tracker row spacing (module width / pitch) for backtracking [-].
    dc_scale : float
        Further factor on DC power (degradation, :func:`degradation_factor`) [-].

    Returns
    -------
    pandas.Series
        kW AC per kW DC [kW/kW], in 0 .. 1/dc_ac_ratio, on the weather's index.
    """
    location = pvlib.location.Location(latitude, longitude, str(weather.index.tz), altitude_m)
    if mounting == "fixed":
        tilt = default_tilt_deg(latitude) if tilt_deg is None else tilt_deg
        mount = FixedMount(surface_tilt=tilt, surface_azimuth=azimuth_deg)
    elif mounting == "single_axis":
        mount = SingleAxisTrackerMount(axis_tilt=0.0, axis_azimuth=180.0, max_angle=max_tracker_angle_deg,
                                       backtrack=True, gcr=ground_coverage_ratio)
    else:
        raise ValueError(f"unknown mounting {mounting!r}: 'fixed' or 'single_axis'")
    array = Array(mount, module_parameters={"pdc0": (1.0 + bifacial_gain_fraction) * dc_scale,
                                            "gamma_pdc": gamma_pdc_per_c},
                  temperature_model_parameters=TEMPERATURE_MODEL_PARAMETERS["sapm"][temperature_model])
    system = PVSystem(
        arrays=[array],
        inverter_parameters={"pdc0": 1.0 / dc_ac_ratio / inverter_efficiency_fraction,
                             "eta_inv_nom": inverter_efficiency_fraction},
        losses_parameters={"soiling": 0, "shading": 0, "snow": 0, "mismatch": 0, "wiring": 0,
                           "connections": 0, "lid": 0, "nameplate_rating": 0, "age": 0,
                           "availability": 100 * system_losses_fraction},
    )
    chain = ModelChain(system, location, aoi_model="physical", spectral_model="no_loss",
                       losses_model="pvwatts", transposition_model="haydavies")
    # irradiance is the mean over each step: evaluate the geometry at the middle of the step
    step = pd.Timedelta(weather.index.freq or (weather.index[1] - weather.index[0]))
    shifted = weather[["ghi", "dni", "dhi", "temp_air", "wind_speed"]].copy()
    shifted.index = weather.index + step / 2
    chain.run_model(shifted)
    ac = np.clip(np.nan_to_num(np.asarray(chain.results.ac, dtype=float)), 0.0, 1.0 / dc_ac_ratio)
    return pd.Series(ac, index=weather.index, name="pv_availability")
