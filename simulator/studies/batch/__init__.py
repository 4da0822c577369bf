"""Batch studies: many scenarios and a grid of overrides, run locally or on a Dask cluster.

``run_study(study, out_dir, executor=None, workers=N)`` runs every run not finished yet and returns
the summary DataFrame; ``compare(out_dir)`` draws plots across runs and writes an HTML index.
"""
from simulator.studies.batch.runner import Progress, execute_run, finished_runs, run_study
from simulator.studies.batch.study import RunSpec, Study, load_study, run_id, study_from_dict
from simulator.studies.batch.summary import build_summary, write_summary

__all__ = ["Progress", "RunSpec", "Study", "build_summary", "execute_run", "finished_runs", "load_study",
           "run_id", "run_study", "study_from_dict", "write_summary"]
