"""Deterministic sample material (photos drawn on real bundled photographs, labelled answers) for the test
suite and the benchmarks (bench/). Needs the `test` extra (scikit-image's bundled photographs) and Debian's
handwriting fonts (scripts/system-deps.sh installs them). The demo (`storydesk run --demo`) draws its own
pictures with Pillow (storydesk/demo.py)."""
