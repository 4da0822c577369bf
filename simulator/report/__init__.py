"""Results a planner can hand on: plots, a self-contained HTML report and an Excel workbook.

Everything here reads a written result folder (``summary.json``, ``hourly.parquet``/``.csv``,
``scenario.json``); nothing touches Pyomo objects.
"""
