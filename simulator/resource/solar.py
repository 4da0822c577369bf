"""PV output per kW DC installed, with pvlib's PVWatts model chain."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
from pvlib.modelchain import ModelChain
from pvlib.pvsystem import PVSystem
from pvlib.temperature import TEMPERATURE_MODEL_PARAMETERS


def default_tilt_deg(latitude: float) -> float:
    """Annual-yield-optimal fixed tilt [deg] for a latitude [deg].

    Polynomial fit of Jacobson & Jadhav (2018, Solar Energy 169, 55-66) for the northern hemisphere;
    about 23.7 deg at Kunming (25 N).
    """
    lat = abs(latitude)
    return float(1.3793 + lat * (1.2011 + lat * (-0.014404 + lat * 0.000080509)))


def pv_availability(weather: pd.DataFrame, latitude: float, longitude: float, altitude_m: float,
                    tilt_deg: float | None = None, azimuth_deg: float = 180.0, dc_ac_ratio: float = 1.2,
                    system_losses_fraction: float = 0.14, inverter_efficiency_fraction: float = 0.98,
                    gamma_pdc_per_c: float = -0.0035) -> pd.Series:
    """AC output per kW DC installed of a fixed-tilt PV plant.

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
        Module tilt [deg]; default :func:`default_tilt_deg`.
    azimuth_deg : float
        Module azimuth [deg], 180 = south.
    dc_ac_ratio : float
        DC nameplate / inverter AC rating [-]; output is clipped at ``1 / dc_ac_ratio``.
    system_losses_fraction : float
        PVWatts DC system losses (soiling, wiring, mismatch, availability) [-].
    inverter_efficiency_fraction : float
        Nominal inverter efficiency [-].
    gamma_pdc_per_c : float
        Module power temperature coefficient [1/degC].

    Returns
    -------
    pandas.Series
        kW AC per kW DC [kW/kW], in 0 .. 1/dc_ac_ratio, on the weather's index.
    """
    tilt = default_tilt_deg(latitude) if tilt_deg is None else tilt_deg
    location = pvlib.location.Location(latitude, longitude, str(weather.index.tz), altitude_m)
    system = PVSystem(
        surface_tilt=tilt, surface_azimuth=azimuth_deg,
        module_parameters={"pdc0": 1.0, "gamma_pdc": gamma_pdc_per_c},
        inverter_parameters={"pdc0": 1.0 / dc_ac_ratio / inverter_efficiency_fraction,
                             "eta_inv_nom": inverter_efficiency_fraction},
        temperature_model_parameters=TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_glass"],
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
