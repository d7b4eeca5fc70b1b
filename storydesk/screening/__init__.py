"""Screening: ordered steps run over each story; humans decide what they show.

`pipeline.py` is the table of steps and runs it, `steps/` holds one module per step, `evidence.py` each step's
evidence type, `findings.py` what the story keeps of them; `ml/` the models the steps share, `text/` the
checks on the answer's words. Nothing here writes: the action actions/screening.py takes a story's lease, runs
the pipeline and records the run."""
