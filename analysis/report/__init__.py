"""Stage 6, report: what the notebooks show, figures, and the papermill report runs.

Modules: `notebook` (set-up and parameter checks for notebooks), `figures` (house style, `save`:
PNG plus the CSV behind it), `common` (provinces in a corpus, labels for codes and resolutions),
one module of views per notebook (`explore` for 00, `profile` for 10, `comparison` for 20,
`trace` for 30, `audit` for 40, `validation` for 90) and `runs` (papermill runs and the report
index). Imports every stage above it; nothing imports it but the command line and the notebooks.
"""
