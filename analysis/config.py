"""Project paths and the registry of the data files the package reads.

Every path derives from the package location, never from the working directory (notebooks run in
``notebooks/``, the command line anywhere). The data files are the rules a researcher edits
without touching code; ``DATA_FILES`` names each one once, and the build's cache keys and the
documentation refer to them through it.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
SEEDS = ROOT / "seeds"
PROCESSED = ROOT / "data" / "processed"
CACHE = ROOT / "data" / "cache"
NOTEBOOKS = ROOT / "notebooks"
# The kernel's own log lines (the TCP-without-encryption warning at start, "KeyboardInterrupt
# caught in kernel" when papermill shuts it down) are noise on the console of a batch run; errors
# in cells still reach the notebook and the command's summary.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
REPORTS = ROOT / "reports"
FIGURES = ROOT / "figures"
DATA = PACKAGE / "data"
VALIDATION = DATA / "validation"

# name -> file under analysis/data/. Which stage reads which file is declared where the file is
# read (the build derives its cache keys from the modules a stage imports and these names).
DATA_FILES: dict[str, Path] = {
    "chrome_rules": DATA / "chrome-rules.yaml",
    "abbreviations": DATA / "abbreviations.yaml",
    "units": DATA / "units.yaml",
    "outlets": DATA / "outlets.yaml",
    "province_aliases": DATA / "province_aliases.yaml",
    "province_rules": DATA / "province-rules.yaml",
    "metadata_rules": DATA / "metadata-rules.yaml",  # photo captions, menu labels, site names, not-name words  # extra districts, web-address parts, person contexts
    "stoplist": DATA / "stoplist-officialese.txt",
    "stoplist_protected": DATA / "stoplist-protected.txt",  # general-list stopwords that stay counted
    "stoplist_general": DATA / "stoplist-general.txt",  # function words neither general list has
    "vocabulary_noise": DATA / "vocabulary-noise.yaml",
    "institution_names": DATA / "institution-names.yaml",  # Party and state bodies, own congresses: citations
    "reporting_frames": DATA / "reporting-frames.txt",  # news-reporting boilerplate: formulas of kind "reporting"
    "codebook": DATA / "codebook.yaml",
    "voice_model": DATA / "voice-model.json",  # the learned voice decision (analysis.coding.voice_model)
    "voice_training": DATA / "voice-training.csv",  # project-written sentences it is trained on
    "claim_kinds": DATA / "claim-kinds.yaml",
    "central_events": DATA / "central-events.csv",  # national congresses and Central Committee plenums
    "central_documents": DATA / "central-documents.csv",  # central NQ/CT/KL/QĐ/HD/TW documents, keyed by year
    "central_resolutions_migration": DATA / "central-resolutions-migration.csv",  # old key -> new key
    "preparation_cues": DATA / "preparation-cues.txt",  # "tiến tới Đại hội": preparing, not implementing
    "claim_context": DATA / "claim-context.yaml",
    "genre_rules": DATA / "genre-rules.yaml",  # article genre cues (analysis.compare.genre)
    "genre_labels": VALIDATION / "genre-labels.csv",  # hand-labelled genres of dev-corpus articles (references only)
    "seed_golden": VALIDATION / "seed-golden",
    "hand_coded_seeds": VALIDATION / "hand-coded-seeds.csv",
    "real_validation": VALIDATION / "real-sentences.csv",
    "real_agreement": VALIDATION / "real-agreement.csv",
    "real_second_coder": VALIDATION / "real-sentences-second-coder.csv",
}


def data_file(name: str) -> Path:
    """The path of a registered data file; a KeyError lists the registered names.

    Names may be written with hyphens, as the files are ("central-events"), or underscores.

    >>> data_file("codebook").name
    'codebook.yaml'
    >>> data_file("central-events") == data_file("central_events")
    True
    """
    try:
        return DATA_FILES[name.replace("-", "_")]
    except KeyError:
        raise KeyError(f"no data file named {name!r}; registered: {', '.join(sorted(DATA_FILES))}") from None
