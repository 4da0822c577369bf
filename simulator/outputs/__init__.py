"""Stage 5, outputs: plots, a self-contained HTML report, Excel workbooks, load and resource files.

Everything here reads a written result folder (``summary.json``, ``hourly.parquet``/``.csv``,
``scenario.json``) or plain data; nothing touches Pyomo objects.
"""
